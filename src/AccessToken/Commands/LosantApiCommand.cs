using System;
using System.Management.Automation;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using Losant.AccessTokens.Api;
using Losant.AccessTokens.Connection;
using Losant.AccessTokens.Errors;
using Losant.AccessTokens.Execution;
using Losant.AccessTokens.Infrastructure;
using Losant.AccessTokens.Models;

namespace Losant.AccessTokens.Commands
{
    /// <summary>
    /// What every cmdlet that calls the API shares: its client for the resolved connection, the
    /// cancellation that Ctrl+C triggers, the request trace written on the pipeline thread, and
    /// turning a failure into one ErrorRecord. Inputs run through an <see cref="OrderedRunner"/>,
    /// which writes their outcomes in input order.
    /// </summary>
    /// <remarks>
    /// Cmdlet classes hold no fields of the engine's value types: PowerShell reflects over them
    /// at import, before the engine's load context is set up.
    /// </remarks>
    public abstract class LosantApiCommand : LosantConnectionCommand, IDisposable
    {
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
        private PipelineObserver? _observer;
        private PipelineWaiter? _waiter;
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
        protected AccessTokenClient Client => _client ?? throw new InvalidOperationException("BeginProcessing has not run.");

        /// <summary>Runs each input's request and writes the outcomes in input order.</summary>
        protected OrderedRunner Runner => _runner ?? throw new InvalidOperationException("BeginProcessing has not run.");

        /// <summary>Cancelled by Ctrl+C (StopProcessing) and when the pipeline ends early.</summary>
        protected CancellationToken Cancellation => _stopping.Token;

        /// <summary>Operations that may run for each request allowed on the wire: room for those waiting to retry.</summary>
        private const int OperationsPerRequestSlot = 4;

        /// <summary>How many requests may be in flight at once; 1 runs them one after another.</summary>
        protected virtual int Concurrency => 1;

        /// <summary>True for cmdlets that create, change or delete tokens.</summary>
        protected virtual bool ChangesTokens => false;

        /// <summary>True when the connection speaks the /access-tokens API of versions below 1.5.</summary>
        protected bool SpeaksAccessTokensApi => _connection?.Contract == TokenContract.AccessTokens;

        /// <summary>The API version of the connection, as major.minor.patch.</summary>
        protected string ApiVersionText => _connection?.ApiVersion.ToString(3) ?? string.Empty;

        /// <summary>
        /// Whose tokens the current input is about: -ApplicationId, -InstanceId, else where a piped
        /// token came from, else the caller's own. Null when they cannot be used; the input's error
        /// is then written in its place.
        /// </summary>
        protected TokenOwner? OwnerOfCurrentInput(AccessToken? pipedToken = null)
        {
            // Given on the command line, an owner counts even when empty or null: a misspelt variable
            // must not turn an application's tokens into the caller's own. Piped objects may leave it
            // empty, as user tokens read back from a CSV inventory do.
            var applicationId = _applicationIdGiven ? ApplicationId ?? string.Empty
                : string.IsNullOrEmpty(ApplicationId) ? pipedToken?.ApplicationId : ApplicationId;
            var instanceId = _instanceIdGiven ? InstanceId ?? string.Empty
                : string.IsNullOrEmpty(InstanceId) ? pipedToken?.InstanceId : InstanceId;
            if (applicationId == null && instanceId == null) return TokenOwner.Caller;
            var parameter = applicationId != null ? "-ApplicationId" : "-InstanceId";
            var id = applicationId ?? instanceId;
            if (applicationId != null && instanceId != null)
            {
                Reject(ErrorRecordFactory.Create(new ArgumentException("A token belongs to an application or to an instance: give -ApplicationId or -InstanceId, not both."),
                    "ApplicationAndInstanceGiven", ErrorCategory.InvalidArgument, id, "Give only one of -ApplicationId and -InstanceId."));
                return null;
            }

            if (SpeaksAccessTokensApi)
            {
                Reject(ErrorRecordFactory.NeedsApiTokens(parameter, ApiVersionText, id));
                return null;
            }

            if (!LosantId.IsValid(id))
            {
                Reject(ErrorRecordFactory.Create(new ArgumentException($"'{id}' given for {parameter} is not an id: an id is 24 hexadecimal characters."),
                    applicationId != null ? "InvalidApplicationId" : "InvalidInstanceId", ErrorCategory.InvalidArgument, id,
                    applicationId != null ? "Give the id of an application, as Tab completion offers them." : "Give the id of an Enterprise instance."));
                return null;
            }

            return applicationId != null ? TokenOwner.Application(applicationId) : TokenOwner.Instance(instanceId!);
        }

        /// <summary>
        /// Refuses, for the current input, a field the API does not accept for this owner and
        /// version: a description or default role below API 1.5, a default role on an application
        /// token. True when the fields may be sent.
        /// </summary>
        protected bool AcceptsFields(TokenOwner owner, object? target, string? description, string? defaultRole)
        {
            if (SpeaksAccessTokensApi && (description != null || defaultRole != null))
            {
                Reject(ErrorRecordFactory.NeedsApiTokens(description != null ? "-Description (description)" : "-DefaultRole (defaultRole)", ApiVersionText, target));
                return false;
            }

            if (defaultRole != null && owner.Kind == TokenOwnerKind.Application)
            {
                Reject(ErrorRecordFactory.Create(
                    new ArgumentException("The API does not accept -DefaultRole (defaultRole) for application tokens: their scope alone says what they may do."),
                    "FieldNotAccepted", ErrorCategory.InvalidArgument, target, "Leave out -DefaultRole for application tokens."));
                return false;
            }

            return true;
        }

        /// <summary>The query flags: what the user set, the contract's defaults for the rest.</summary>
        protected QueryFlags Flags => new QueryFlags(BoundSwitch(nameof(Actions)), BoundSwitch(nameof(Links)), BoundSwitch(nameof(Embedded)));

        /// <inheritdoc />
        protected override void BeginProcessing()
        {
            ResolvedConnection connection;
            try
            {
                connection = ConnectionResolver.Resolve(GivenConnection(ApiToken), LosantSession.Current);
            }
            catch (ErrorRecordException refused)
            {
                ThrowTerminatingError(refused.Record);
                return;
            }

            _connection = connection;

            // Only what the command line gave is bound yet; piped objects bind theirs per input.
            _applicationIdGiven = IsBound(nameof(ApplicationId));
            _instanceIdGiven = IsBound(nameof(InstanceId));

            // Formatting a trace costs time on every request; only make one when it will be seen.
            var tracing = WantsStream("Verbose", "VerbosePreference") || WantsStream("Debug", "DebugPreference");
            _waiter = new PipelineWaiter(tracing ? WriteTrace : (Action?)null);
            if (tracing) _observer = new PipelineObserver(_waiter.Wake);
            // -ThrottleLimit counts requests on the wire, which the client caps. Operations waiting to
            // retry hold no request, so more of them may run than that, lest one that backs off
            // keep the next input from being sent; one at a time stays strictly one at a time.
            var operations = Concurrency == 1 ? 1 : Concurrency * OperationsPerRequestSlot;
            _runner = new OrderedRunner(operations, _waiter, Cancellation, (input, completed) => WriteResult(OwnedInput.Unwrap(input), completed), WriteFailure);
            _client = new AccessTokenClient(connection.ToSettings(), _observer, Concurrency == 1 ? 0 : Concurrency);
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
            _waiter?.Dispose();
            GC.SuppressFinalize(this);
        }

        /// <summary>
        /// Starts one input's request. Once it succeeds, <see cref="WriteResult"/> writes what it
        /// means; a failure becomes its ErrorRecord; either in input order. <paramref name="input"/>
        /// is what the user gave, for the error's target and message.
        /// </summary>
        protected void Run(object? input, Func<CancellationToken, Task> operation) => Runner.Start(input, operation);

        /// <summary>
        /// Starts one input's request about the tokens of <paramref name="owner"/>. Its error, if it
        /// fails, names the application or instance too: among piped inputs of several owners, a
        /// 404 for an unknown one then says which.
        /// </summary>
        protected void Run(object? input, TokenOwner owner, Func<CancellationToken, Task> operation) =>
            Runner.Start(owner.Kind == TokenOwnerKind.Caller ? input : new OwnedInput(input, owner), operation);

        /// <summary>Writes the output of one input whose request succeeded; <paramref name="completed"/> is its finished task.</summary>
        protected abstract void WriteResult(object? input, Task completed);

        /// <summary>The result of a finished, successful request.</summary>
        protected static T ResultOf<T>(Task completed) => ((Task<T>)completed).Result;

        /// <summary>Writes the ErrorRecord of an input refused before any request, in its place among the inputs in flight.</summary>
        protected void Reject(ErrorRecord record) => Runner.Reject(record.TargetObject, new ErrorRecordException(record));

        /// <summary>Waits for a task on the pipeline thread, writing the request trace as it arrives.</summary>
        protected T Await<T>(Task<T> task)
        {
            _waiter!.Wait(task);
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
        protected void WriteFailure(object? input, Exception exception)
        {
            var owner = (input as OwnedInput)?.Owner;
            input = OwnedInput.Unwrap(input);
            switch (exception)
            {
                case ApiException api:
                    var subject = DescribeInput(input);
                    if (subject != null && owner != null) subject += " of " + owner;
                    WriteError(ErrorRecordFactory.FromApiException(api, TargetObjectOf(input), subject, CollectionOwnerOf(input, owner)));
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
                    WriteError(ErrorRecordFactory.Create(exception, "UnexpectedFailure", ErrorCategory.NotSpecified, TargetObjectOf(input)));
                    break;
            }
        }

        /// <summary>The ErrorRecord's TargetObject for an input: the input itself unless a cmdlet knows better.</summary>
        protected virtual object? TargetObjectOf(object? input) => input;

        /// <summary>
        /// The owner whose collection of tokens the input's request addressed (a listing or a
        /// creation), so that a 404 there names the missing application or instance; null when the
        /// request addressed one token. <paramref name="owner"/> is the owner the input ran under.
        /// </summary>
        protected virtual TokenOwner? CollectionOwnerOf(object? input, TokenOwner? owner) => null;

        /// <summary>How an error's message names the input it is about, e.g. "Access token 5a…01"; null to name none.</summary>
        protected virtual string? DescribeInput(object? input) => null;

        /// <summary>An input and the application or instance whose tokens it is about, while its request runs.</summary>
        private sealed class OwnedInput
        {
            public OwnedInput(object? input, TokenOwner owner)
            {
                Input = input;
                Owner = owner;
            }

            public object? Input { get; }

            public TokenOwner Owner { get; }

            public static object? Unwrap(object? input) => input is OwnedInput owned ? owned.Input : input;
        }

        private void WriteTrace()
        {
            if (_observer == null) return;
            while (_observer.TryTake(out var message))
            {
                if (message.Debug) WriteDebug(message.Text);
                else WriteVerbose(message.Text);
            }
        }

        private bool WantsStream(string parameter, string preferenceVariable)
        {
            if (MyInvocation.BoundParameters.TryGetValue(parameter, out var value) && value is SwitchParameter set) return set.IsPresent;
            var preference = GetVariableValue(preferenceVariable);
            return preference is ActionPreference action
                ? action != ActionPreference.SilentlyContinue && action != ActionPreference.Ignore
                : preference != null && !string.Equals(preference.ToString(), "SilentlyContinue", StringComparison.OrdinalIgnoreCase);
        }
    }
}
