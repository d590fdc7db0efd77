using System;
using System.Collections.Generic;
using System.Threading;
using System.Management.Automation;
using System.Threading.Tasks;
using Losant.AccessTokens.Api;
using Losant.AccessTokens.Completion;
using Losant.AccessTokens.Errors;
using Losant.AccessTokens.Models;

namespace Losant.AccessTokens.Commands
{
    /// <summary>The Get-AccessToken cmdlet. What it does for the user, its synopsis included, is written once: in module/help/Get-AccessToken.md.</summary>
    [Cmdlet(VerbsCommon.Get, "AccessToken", DefaultParameterSetName = ListSet)]
    [OutputType(typeof(AccessToken))]
    public sealed class GetAccessTokenCommand : AccessTokenIdCommand
    {
        private const string ListSet = "List";
        private const string AllApplicationsSet = "AllApplications";

        /// <summary>Pages (or applications) read at once when -ThrottleLimit is not given.</summary>
        private const int DefaultListConcurrency = 8;

        // Boxed rather than AccessTokenStatus?: cmdlet classes hold no value-type fields of the engine (see LosantApiCommand).
        private object? _status;
        private TokenFilter? _filter;
        private ProgressRecord? _progress;
        private int _pagesShown;
        private int _applicationsDone;
        private long? _applicationsTotal;
        private ListQuery? _applicationQuery;
        private readonly Func<TokenInput, CancellationToken, Task> _get;
        private readonly Func<TokenInput, CancellationToken, Task> _listApplication;

        /// <summary>Creates the cmdlet with its requests, made once per invocation.</summary>
        public GetAccessTokenCommand()
        {
            _get = (input, cancel) => Client.GetAsync(input.Owner!, input.TokenId, Flags, cancel);
            _listApplication = (input, cancel) => Client.ReadApplicationTokensAsync(input.Application, _applicationQuery!, Flags, cancel);
        }

        /// <summary>Gets only the tokens whose name matches; wildcards are allowed. A single name is also sent to the API as its filter.</summary>
        [Parameter(ParameterSetName = ListSet)]
        [Parameter(ParameterSetName = AllApplicationsSet)]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(AccessTokenCompleter))]
        public string[]? Name { get; set; }

        /// <summary>Gets only the tokens with this status: Active or Inactive.</summary>
        [Parameter(ParameterSetName = ListSet)]
        [Parameter(ParameterSetName = AllApplicationsSet)]
        [ValidateNotNull]
        public AccessTokenStatus? Status
        {
            get => _status as AccessTokenStatus?;
            set => _status = value;
        }

        /// <summary>Gets the tokens of every application the caller can see: the inventory an audit needs (API 1.5 and later).</summary>
        [Parameter(Mandatory = true, ParameterSetName = AllApplicationsSet)]
        public SwitchParameter AllApplications { get; set; }

        // The runner's limit is decided in BeginProcessing, before piped ids are bound and the
        // parameter set is known: only -AllApplications, given on the command line, can change it.
        /// <inheritdoc />
        protected override int Concurrency => AllApplications ? PageConcurrency : ThrottleLimit;

        /// <summary>Pages (or applications) read at once: -ThrottleLimit when given, else a few.</summary>
        private int PageConcurrency => IsBound(nameof(ThrottleLimit)) ? ThrottleLimit : DefaultListConcurrency;

        /// <inheritdoc />
        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            if (AllApplications)
            {
                var connection = ConnectionInUse;
                if (connection.Contract == TokenContract.AccessTokens) ThrowTerminatingError(ErrorRecordFactory.NeedsApiTokens("-AllApplications", connection.ApiVersion.ToString(3), null));
                if (IsBound(nameof(ApplicationId)) || IsBound(nameof(InstanceId)))
                {
                    ThrowTerminatingError(ErrorRecordFactory.Create(
                        new ArgumentException("-AllApplications lists the tokens of every application; it takes no -ApplicationId or -InstanceId."),
                        "AllApplicationsWithOwner", ErrorCategory.InvalidArgument, null, "Leave out -ApplicationId and -InstanceId."));
                }
            }

            _filter = new TokenFilter(Name, Status);
        }

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            if (ParameterSetName == ByIdSet) ProcessIds();
            else if (AllApplications) ListEveryApplication();
            else List();
        }

        /// <inheritdoc />
        private protected override void ProcessItem(string id, AccessToken? token)
        {
            var owner = OwnerOfCurrentInput(token);
            if (owner == null) return;
            Run(TokenInput.OfToken(id, owner, namesOwner: false, _get));
        }

        /// <inheritdoc />
        private protected override void WriteResult(TokenInput input, Task completed)
        {
            if (input.Kind != TokenInputKind.ApplicationListing)
            {
                WriteObject(ResultOf<AccessToken>(completed));
                return;
            }

            foreach (var token in ResultOf<IReadOnlyList<AccessToken>>(completed))
            {
                if (_filter!.Matches(token)) WriteObject(token);
            }

            _applicationsDone++;
            ShowProgress("Listing the tokens of every application", $"{_applicationsDone} of {_applicationsTotal} applications", _applicationsDone, _applicationsTotal);
        }

        /// <inheritdoc />
        protected override void EndProcessing()
        {
            base.EndProcessing();
            EndProgress();
            if (_filter == null) return;
            foreach (var name in _filter.NamesNotFound())
            {
                WriteError(ErrorRecordFactory.Create(
                    new ItemNotFoundException($"No access token is named '{name}'."),
                    "AccessTokenNotFound", ErrorCategory.ObjectNotFound, name,
                    "Run Get-AccessToken without -Name to see every token's name."));
            }
        }

        private void List()
        {
            var owner = OwnerOfCurrentInput();
            if (owner == null) return;
            ReadListing(TokenInput.OfListing(Name, owner), () =>
            {
                using var listing = Await(Client.ListAsync(owner, _filter!.Query(PageConcurrency), Flags, Cancellation));
                AccessToken? token;
                while ((token = Await(listing.ReadNextAsync(Cancellation))) != null)
                {
                    if (_filter.Matches(token)) WriteObject(token);
                    // Once per page read, not per token: progress is for long listings.
                    if (listing.PageCount > 1 && listing.PagesRead != _pagesShown)
                    {
                        _pagesShown = listing.PagesRead;
                        ShowProgress("Listing access tokens", $"page {listing.PagesRead} of {listing.PageCount}", listing.PagesRead, listing.PageCount);
                    }
                }
            });
        }

        private void ListEveryApplication()
        {
            _applicationQuery = _filter!.Query(PageConcurrency);
            ReadListing(TokenInput.OfListing(null, null), () =>
            {
                using var applications = Await(Client.ListApplicationsAsync(new ListQuery { Concurrency = PageConcurrency }, Flags, Cancellation));
                Application? application;
                while ((application = Await(applications.ReadNextAsync(Cancellation))) != null)
                {
                    _applicationsTotal = applications.TotalCount;
                    Run(TokenInput.OfApplication(application, _listApplication));
                }
            });
        }

        /// <summary>Reads a listing on the pipeline thread; its failure becomes the ErrorRecord of <paramref name="input"/>.</summary>
        private void ReadListing(TokenInput input, Action read)
        {
            try
            {
                read();
            }
            catch (PipelineStoppedException)
            {
                throw;
            }
            catch (Exception e)
            {
                WriteFailure(input, e);
            }
        }

        // A new record each time: hosts that keep the records (a PowerShell instance's
        // Streams.Progress, jobs) hold each one as written, so one record changed in place would
        // read as the last state, Completed, everywhere.
        private void ShowProgress(string activity, string status, long done, long? total)
        {
            _progress = new ProgressRecord(Math.Abs(GetHashCode() % 100000), activity, status)
            {
                PercentComplete = total > 0 ? (int)Math.Min(100, 100 * done / total.Value) : -1,
            };
            WriteProgress(_progress);
        }

        private void EndProgress()
        {
            if (_progress == null) return;
            WriteProgress(new ProgressRecord(_progress.ActivityId, _progress.Activity, _progress.StatusDescription)
            {
                PercentComplete = _progress.PercentComplete,
                RecordType = ProgressRecordType.Completed,
            });
        }
    }
}
