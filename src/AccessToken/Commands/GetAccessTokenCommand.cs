using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Text;
using System.Threading.Tasks;
using Losant.AccessTokens.Api;
using Losant.AccessTokens.Completion;
using Losant.AccessTokens.Errors;
using Losant.AccessTokens.Models;

namespace Losant.AccessTokens.Commands
{
    /// <summary>
    /// <para type="synopsis">Gets Losant API access tokens: all of them, those whose name or status matches, by id, or those of every application.</para>
    /// </summary>
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
        private List<WildcardPattern>? _namePatterns;
        private HashSet<string>? _namesSeen;
        private ProgressRecord? _progress;
        private int _pagesShown;
        private int _applicationsDone;
        private TokenOwner? _listOwner;
        private long? _applicationsTotal;

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
        public AccessTokenStatus Status
        {
            get => _status is AccessTokenStatus status ? status : AccessTokenStatus.Active;
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
                if (SpeaksAccessTokensApi) ThrowTerminatingError(ErrorRecordFactory.NeedsApiTokens("-AllApplications", ApiVersionText, null));
                if (IsBound(nameof(ApplicationId)) || IsBound(nameof(InstanceId)))
                {
                    ThrowTerminatingError(ErrorRecordFactory.Create(
                        new ArgumentException("-AllApplications lists the tokens of every application; it takes no -ApplicationId or -InstanceId."),
                        "AllApplicationsWithOwner", ErrorCategory.InvalidArgument, null, "Leave out -ApplicationId and -InstanceId."));
                }
            }

            if (Name == null) return;
            _namePatterns = new List<WildcardPattern>();
            foreach (var name in Name) _namePatterns.Add(WildcardPattern.Get(name, WildcardOptions.IgnoreCase));
            _namesSeen = new HashSet<string>();
        }

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            if (ParameterSetName == ByIdSet) ProcessIds();
            else if (AllApplications) ListEveryApplication();
            else List();
        }

        /// <inheritdoc />
        protected override void ProcessItem(string id, object input)
        {
            var owner = OwnerOfCurrentInput(input as AccessToken);
            if (owner == null) return;
            var flags = Flags;
            Run(input, cancel => Client.GetAsync(owner, id, flags, cancel));
        }

        /// <inheritdoc />
        protected override void WriteResult(object? input, Task completed)
        {
            if (!(input is Application))
            {
                WriteObject(ResultOf<AccessToken>(completed));
                return;
            }

            foreach (var token in ResultOf<IReadOnlyList<AccessToken>>(completed))
            {
                if (Matches(token)) WriteObject(token);
            }

            _applicationsDone++;
            ShowProgress("Listing the tokens of every application", $"{_applicationsDone} of {_applicationsTotal} applications", _applicationsDone, _applicationsTotal);
        }

        /// <inheritdoc />
        protected override object? TargetObjectOf(object? input) => input is Application application ? application.Id : base.TargetObjectOf(input);

        /// <inheritdoc />
        protected override string? DescribeInput(object? input) => input switch
        {
            Application application => $"Listing the tokens of application '{application.Name}' ({application.Id})",
            _ when ParameterSetName != ByIdSet => "Listing access tokens",
            _ => base.DescribeInput(input),
        };

        /// <inheritdoc />
        protected override TokenOwner? CollectionOwnerOf(object? input, TokenOwner? owner) => input switch
        {
            Application application => TokenOwner.Application(application.Id),
            _ when ParameterSetName == ListSet => _listOwner,
            _ => null,
        };

        /// <inheritdoc />
        protected override void EndProcessing()
        {
            base.EndProcessing();
            EndProgress();
            if (Name == null || _namesSeen == null) return;
            foreach (var name in Name)
            {
                // As with Get-Process -Name: a name without wildcards that matched nothing is an error.
                if (WildcardPattern.ContainsWildcardCharacters(name) || _namesSeen.Contains(name)) continue;
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
            _listOwner = owner;
            try
            {
                using var listing = Await(Client.ListAsync(owner, Query(), Flags, Cancellation));
                AccessToken? token;
                while ((token = Await(listing.ReadNextAsync(Cancellation))) != null)
                {
                    if (Matches(token)) WriteObject(token);
                    // Once per page read, not per token: progress is for long listings.
                    if (listing.PageCount > 1 && listing.PagesRead != _pagesShown)
                    {
                        _pagesShown = listing.PagesRead;
                        ShowProgress("Listing access tokens", $"page {listing.PagesRead} of {listing.PageCount}", listing.PagesRead, listing.PageCount);
                    }
                }
            }
            catch (PipelineStoppedException)
            {
                throw;
            }
            catch (Exception e)
            {
                WriteFailure(Name, e);
            }
        }

        private void ListEveryApplication()
        {
            var query = Query();
            var flags = Flags;
            try
            {
                using var applications = Await(Client.ListApplicationsAsync(new ListQuery { Concurrency = PageConcurrency }, flags, Cancellation));
                Application? application;
                while ((application = Await(applications.ReadNextAsync(Cancellation))) != null)
                {
                    _applicationsTotal = applications.TotalCount;
                    var current = application;
                    Run(current, cancel => Client.ReadApplicationTokensAsync(current, query, flags, cancel));
                }
            }
            catch (PipelineStoppedException)
            {
                throw;
            }
            catch (Exception e)
            {
                WriteFailure(null, e);
            }
        }

        // What the server can filter: one field at most. The name goes there when it is the only
        // pattern, the status when it is the only filter; both are checked here again either way.
        private ListQuery Query()
        {
            var query = new ListQuery { Concurrency = PageConcurrency };
            if (Name != null && Name.Length == 1) query.NameFilter = ToServerPattern(Name[0]);
            else if (Name == null && _status is AccessTokenStatus status) query.StatusFilter = status;
            return query;
        }

        /// <summary>
        /// A pattern for the API's globbing that matches at least what the PowerShell wildcard
        /// matches: the API knows only '*', so '?' and '[...]' become '*' as well.
        /// </summary>
        internal static string ToServerPattern(string wildcard)
        {
            var pattern = new StringBuilder(wildcard.Length);
            for (var i = 0; i < wildcard.Length; i++)
            {
                var c = wildcard[i];
                if (c == '`' && i + 1 < wildcard.Length)
                {
                    c = wildcard[++i];
                    // An escaped '*' is a literal star, which the API's '*' also matches.
                    pattern.Append(c);
                    continue;
                }

                if (c == '[')
                {
                    var close = wildcard.IndexOf(']', i + 1);
                    if (close > i) i = close;
                    c = '*';
                }
                else if (c == '?')
                {
                    c = '*';
                }

                if (c == '*' && pattern.Length > 0 && pattern[pattern.Length - 1] == '*') continue;
                pattern.Append(c);
            }

            return pattern.ToString();
        }

        private bool Matches(AccessToken token)
        {
            if (_status is AccessTokenStatus status && token.Status != status) return false;
            if (_namePatterns == null) return true;
            var name = token.Name ?? string.Empty;
            var matched = false;
            for (var i = 0; i < _namePatterns.Count; i++)
            {
                if (!_namePatterns[i].IsMatch(name)) continue;
                _namesSeen!.Add(Name![i]);
                matched = true;
            }

            return matched;
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
