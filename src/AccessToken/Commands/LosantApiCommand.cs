using System;
using System.Management.Automation;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using Losant.AccessTokens.Api;
using Losant.AccessTokens.Connection;
using Losant.AccessTokens.Errors;
using Losant.AccessTokens.Execution;
using Losant.AccessTokens.Models;

namespace Losant.AccessTokens.Commands
{
    /// <summary>
    /// What every cmdlet that calls the API shares: its client for the resolved connection, the
    /// cancellation that Ctrl+C triggers, the request trace written on the pipeline thread, and
    /// turning a failure into one ErrorRecord. Each input is a <see cref="TokenInput"/> run through
    /// an <see cref="OrderedRunner"/>, which writes the outcomes in input order.
    /// </summary>
    /// <remarks>
    /// Cmdlet classes hold no fields of the engine's value types: PowerShell reflects over them
    /// at import, before the engine's load context is set up.
    /// </remarks>
    public abstract class LosantApiCommand : LosantConnectionCommand, IDisposable
    {
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
        private RequestTrace? _trace;
        private OrderedRunner? _runner;
        private AccessTokenClient? _client;
        private ResolvedConnection? _connection;
        private bool _applicationIdGiven;
        private bool _instanceIdGiven;

        /// <summary>The Losant API token to use instead of the session's (Connect-Losant) or LOSANT_API_TOKEN.</summary>
        [Parameter]
        [ValidateNotNull]
        public SecureString? ApiToken { get; set; }

        /// <summary>The id of the application whose tokens to act on (API 1.5 and later). Binds by property name from piped objects, such as tokens from Get-AccessToken -ApplicationId.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(Completion.ApplicationCompleter))]
        public string? ApplicationId { get; set; }

        /// <summary>The id of the Enterprise instance whose tokens to act on (API 1.5 and later). Binds by property name from piped objects.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? InstanceId { get; set; }

        /// <summary>Asks the API to include each resource's actions (<c>_actions</c>); off by default.</summary>
        [Parameter]
        public SwitchParameter Actions { get; set; }

        /// <summary>Asks the API to include links (<c>_links</c>); on by default, -Links:$false turns it off.</summary>
        [Parameter]
        public SwitchParameter Links { get; set; }

        /// <summary>Asks the API to include embedded resources (<c>_embedded</c>); on by default, -Embedded:$false turns it off.</summary>
        [Parameter]
        public SwitchParameter Embedded { get; set; }

        /// <summary>The client of this invocation's connection.</summary>
        private protected AccessTokenClient Client => _client ?? throw new InvalidOperationException("BeginProcessing has not run.");

        /// <summary>The connection this invocation calls, with every setting decided.</summary>
        private protected ResolvedConnection ConnectionInUse => _connection ?? throw new InvalidOperationException("BeginProcessing has not run.");

        /// <summary>Cancelled by Ctrl+C (StopProcessing) and when the pipeline ends early.</summary>
        protected CancellationToken Cancellation => _stopping.Token;

        /// <summary>Operations that may run for each request allowed on the wire: room for those waiting to retry.</summary>
        private const int OperationsPerRequestSlot = 4;

        /// <summary>How many requests may be in flight at once; 1 runs them one after another.</summary>
        protected virtual int Concurrency => 1;

        /// <summary>True for cmdlets that create, change or delete tokens.</summary>
        protected virtual bool ChangesTokens => false;

        /// <summary>The query flags: what the user set, the contract's defaults for the rest.</summary>
        protected QueryFlags Flags => new QueryFlags(BoundSwitch(nameof(Actions)), BoundSwitch(nameof(Links)), BoundSwitch(nameof(Embedded)));

        /// <summary>
        /// Whose tokens the current input is about: -ApplicationId, -InstanceId, else where a piped
        /// token came from, else the caller's own. Null when they cannot be used; the input's error
        /// is then written in its place.
        /// </summary>
        private protected TokenOwner? OwnerOfCurrentInput(AccessToken? pipedToken = null)
        {
            // Given on the command line, an owner counts even when empty or null: a misspelt variable
            // must not turn an application's tokens into the caller's own. Piped objects may leave it
            // empty, as user tokens read back from a CSV inventory do.
            var applicationId = _applicationIdGiven ? ApplicationId ?? string.Empty
                : string.IsNullOrEmpty(ApplicationId) ? pipedToken?.ApplicationId : ApplicationId;
            var instanceId = _instanceIdGiven ? InstanceId ?? string.Empty
                : string.IsNullOrEmpty(InstanceId) ? pipedToken?.InstanceId : InstanceId;
            var owner = OwnerResolver.Resolve(applicationId, instanceId, ConnectionInUse, out var refusal);
            if (refusal != null) Reject(refusal);
            return owner;
        }

        /// <summary>
        /// Refuses, for the current input, a field the API does not accept for this owner and
        /// version (see <see cref="FieldRules"/>). True when the fields may be sent.
        /// </summary>
        private protected bool AcceptsFields(TokenOwner owner, object? target, string? description, string? defaultRole)
        {
            var refusal = FieldRules.Refusal(ConnectionInUse, owner, target, description, defaultRole);
            if (refusal != null) Reject(refusal);
            return refusal == null;
        }

        /// <inheritdoc />
        protected override void BeginProcessing()
        {
            var connection = ResolveConnection(ApiToken);
            _connection = connection;

            // Only what the command line gave is bound yet; piped objects bind theirs per input.
            _applicationIdGiven = IsBound(nameof(ApplicationId));
            _instanceIdGiven = IsBound(nameof(InstanceId));

            _trace = new RequestTrace(this);
            // -ThrottleLimit counts requests on the wire, which the client caps. Operations waiting to
            // retry hold no request, so more of them may run than that, lest one that backs off
            // keep the next input from being sent; one at a time stays strictly one at a time.
            var operations = Concurrency == 1 ? 1 : Concurrency * OperationsPerRequestSlot;
            _runner = new OrderedRunner(operations, _trace.Waiter, Cancellation,
                (input, completed) => WriteResult((TokenInput)input!, completed), (input, failure) => WriteFailure(input as TokenInput, failure));
            _client = new AccessTokenClient(connection.ToSettings(), _trace.Observer, Concurrency == 1 ? 0 : Concurrency);
        }

        /// <inheritdoc />
        protected override void EndProcessing()
        {
            _runner?.Drain();

            // Tab completion would otherwise offer the names and ids of before the change for up to a minute.
            if (ChangesTokens) Completion.AccessTokenCompleter.ClearCache();
        }

        /// <inheritdoc />
        protected override void StopProcessing() => _stopping.Cancel();

        /// <summary>Cancels whatever is still in flight when the pipeline ends, e.g. on -ErrorAction Stop.</summary>
        public void Dispose()
        {
            _stopping.Cancel();
            _stopping.Dispose();
            _trace?.Dispose();
            GC.SuppressFinalize(this);
        }

        /// <summary>
        /// Starts one input's request. Once it succeeds, <see cref="WriteResult"/> writes what it
        /// means; a failure becomes its ErrorRecord; either in input order.
        /// </summary>
        private protected void Run(TokenInput input) =>
            (_runner ?? throw new InvalidOperationException("BeginProcessing has not run.")).Start(input, input.SendAsync);

        /// <summary>Writes the output of one input whose request succeeded; <paramref name="completed"/> is its finished task.</summary>
        private protected abstract void WriteResult(TokenInput input, Task completed);

        /// <summary>The result of a finished, successful request.</summary>
        protected static T ResultOf<T>(Task completed) => ((Task<T>)completed).Result;

        /// <summary>Writes the ErrorRecord of an input refused before any request, in its place among the inputs in flight.</summary>
        protected void Reject(ErrorRecord record) =>
            (_runner ?? throw new InvalidOperationException("BeginProcessing has not run.")).Reject(null, new ErrorRecordException(record));

        /// <summary>Waits for a task on the pipeline thread, writing the request trace as it arrives.</summary>
        protected T Await<T>(Task<T> task)
        {
            _trace!.Waiter.Wait(task);
            try
            {
                return task.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (Cancellation.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }

        /// <summary>Writes one ErrorRecord for a failed input; unexpected exceptions become one too, without their stack.</summary>
        private protected void WriteFailure(TokenInput? input, Exception exception)
        {
            switch (exception)
            {
                case ApiException api:
                    WriteError(ErrorRecordFactory.FromApiException(api, input?.Target, input?.Subject, input?.CollectionOwner));
                    break;
                case ErrorRecordException refused:
                    WriteError(refused.Record);
                    break;
                case OperationCanceledException _ when Cancellation.IsCancellationRequested:
                    throw new PipelineStoppedException();
                case PipelineStoppedException _:
                case ActionPreferenceStopException _:
                    throw exception;
                default:
                    WriteError(ErrorRecordFactory.Create(exception, "UnexpectedFailure", ErrorCategory.NotSpecified, input?.Target));
                    break;
            }
        }
    }
}
