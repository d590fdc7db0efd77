using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using Losant.AccessTokens.Api;
using Losant.AccessTokens.Infrastructure;

namespace Losant.AccessTokens.Commands
{
    /// <summary>
    /// What every cmdlet that calls the API shares: the connection parameters and their
    /// resolution (parameter, then Connect-Losant's session, then environment variables), the
    /// cancellation that Ctrl+C triggers, the request trace written on the pipeline thread, and
    /// running each input's request, up to a throttle limit at once, with results and
    /// ErrorRecords written in input order.
    /// </summary>
    /// <remarks>
    /// Cmdlet classes hold no fields of the engine's value types: PowerShell reflects over them
    /// at import, before the engine's load context is set up.
    /// </remarks>
    public abstract class LosantApiCommand : PSCmdlet, IDisposable
    {
        /// <summary>Environment variable read for the API token when no other is given (for runbooks).</summary>
        public const string ApiTokenVariable = "LOSANT_API_TOKEN";

        /// <summary>Environment variable read for the base URI when no other is given.</summary>
        public const string BaseUriVariable = "LOSANT_API_URL";

        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
        private readonly AutoResetEvent _wake = new AutoResetEvent(false);
        private readonly Queue<(object? Target, Task<object?> Task)> _inFlight = new Queue<(object?, Task<object?>)>();
        private PipelineObserver? _observer;
        private AccessTokenClient? _client;

        /// <summary>The Losant API token to use instead of the session's (Connect-Losant) or LOSANT_API_TOKEN.</summary>
        [Parameter]
        [ValidateNotNull]
        public SecureString? ApiToken { get; set; }

        /// <summary>The API's base URI, instead of the session's or LOSANT_API_URL; https://api.losant.com by default.</summary>
        [Parameter]
        [ValidateNotNull]
        public Uri? BaseUri { get; set; }

        /// <summary>Retries after a transient failure (429, 5xx, broken connection); 3 by default.</summary>
        [Parameter]
        [ValidateRange(0, 10)]
        public int MaxRetries { get; set; }

        /// <summary>Seconds each request may take, to the last byte of the answer; 100 by default.</summary>
        [Parameter]
        [ValidateRange(1, 86400)]
        public int TimeoutSec { get; set; }

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

        /// <summary>Cancelled by Ctrl+C (StopProcessing) and when the pipeline ends early.</summary>
        protected CancellationToken Cancellation => _stopping.Token;

        /// <summary>How many requests may be in flight at once; 1 runs them one after another.</summary>
        protected virtual int Concurrency => 1;

        /// <summary>The query flags: what the user set, the contract's defaults for the rest.</summary>
        protected QueryFlags Flags => new QueryFlags(BoundSwitch(nameof(Actions)), BoundSwitch(nameof(Links)), BoundSwitch(nameof(Embedded)));

        /// <inheritdoc />
        protected override void BeginProcessing() => _client = CreateClient();

        /// <summary>True for cmdlets that create, change or delete tokens.</summary>
        protected virtual bool ChangesTokens => false;

        /// <inheritdoc />
        protected override void EndProcessing()
        {
            while (_inFlight.Count > 0) CompleteOldest();

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
            _wake.Dispose();
            GC.SuppressFinalize(this);
        }

        /// <summary>
        /// Starts one input's request. Its result (if not null) or its ErrorRecord, with
        /// <paramref name="target"/> as TargetObject, is written in input order.
        /// </summary>
        protected void Run(object? target, Func<CancellationToken, Task<object?>> operation)
        {
            Task<object?> task;
            try
            {
                task = operation(Cancellation);
            }
            catch (Exception e)
            {
                task = Task.FromException<object?>(e);
            }

            _inFlight.Enqueue((target, task));
            while (_inFlight.Count >= Concurrency) CompleteOldest();
        }

        /// <summary>
        /// Writes the ErrorRecord of an input refused before any request, in its place among the
        /// results of the inputs before it that are still in flight.
        /// </summary>
        protected void Reject(ErrorRecord record)
        {
            if (_inFlight.Count == 0)
            {
                WriteError(record);
                return;
            }

            _inFlight.Enqueue((record.TargetObject, Task.FromException<object?>(new RejectedInputException(record))));
        }

        /// <summary>Waits for a task on the pipeline thread, writing the request trace as it arrives.</summary>
        protected T Await<T>(Task<T> task)
        {
            WaitWritingTrace(task);
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
        protected void WriteFailure(Exception exception, object? target)
        {
            switch (exception)
            {
                case ApiException api:
                    WriteError(ErrorRecordFactory.FromApiException(api, target));
                    break;
                case RejectedInputException rejected:
                    WriteError(rejected.Record);
                    break;
                case OperationCanceledException _ when Cancellation.IsCancellationRequested:
                    throw new PipelineStoppedException();
                case PipelineStoppedException _:
                case ActionPreferenceStopException _:
                    throw exception;
                default:
                    WriteError(ErrorRecordFactory.Create(exception, "UnexpectedFailure", ErrorCategory.NotSpecified, target));
                    break;
            }
        }

        /// <summary>Whether a switch was given, and how; null when it was not given at all.</summary>
        protected bool? BoundSwitch(string name) =>
            MyInvocation.BoundParameters.TryGetValue(name, out var value) && value is SwitchParameter set ? set.IsPresent : (bool?)null;

        private void CompleteOldest()
        {
            var (target, task) = _inFlight.Dequeue();
            WaitWritingTrace(task);
            object? result;
            try
            {
                result = task.GetAwaiter().GetResult();
            }
            catch (Exception e)
            {
                WriteFailure(e, target);
                return;
            }

            if (result != null) WriteObject(result);
        }

        private void WaitWritingTrace(Task task)
        {
            if (_observer == null)
            {
                // Nothing to write while waiting: Task.Wait spins briefly before blocking, which
                // saves a thread wake-up per request on fast loopback or LAN round trips.
                try
                {
                    task.Wait();
                }
                catch (AggregateException)
                {
                    // The caller reads the outcome from the task itself.
                }

                return;
            }

            if (!task.IsCompleted)
            {
                task.ContinueWith((_, wake) => ((AutoResetEvent)wake!).Set(), _wake, CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }

            while (true)
            {
                WriteTrace();
                if (task.IsCompleted) break;
                _wake.WaitOne();
            }

            WriteTrace();
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

        private AccessTokenClient CreateClient()
        {
            var session = LosantSession.Current;
            var token = ApiToken ?? session?.ApiToken ?? SecretFromEnvironment(ApiTokenVariable);
            if (token == null || token.Length == 0)
            {
                ThrowTerminatingError(ErrorRecordFactory.Create(
                    new InvalidOperationException(
                        $"No Losant API token was given. Run Connect-Losant -ApiToken (Read-Host -AsSecureString), pass -ApiToken, or set the environment variable {ApiTokenVariable}."),
                    "ApiTokenMissing", ErrorCategory.AuthenticationError, null,
                    "Create an API token in the Losant dashboard and give it with Connect-Losant, -ApiToken or " + ApiTokenVariable + "."));
            }

            var baseUri = BaseUri ?? session?.BaseUri ?? BaseUriFromEnvironment() ?? ConnectionSettings.DefaultBaseUri;
            RequireSafeBaseUri(this, baseUri);
            var settings = new ConnectionSettings(baseUri, token!)
            {
                MaxRetries = MyInvocation.BoundParameters.ContainsKey(nameof(MaxRetries)) ? MaxRetries : session?.MaxRetries ?? ConnectionSettings.DefaultMaxRetries,
                Timeout = TimeSpan.FromSeconds(MyInvocation.BoundParameters.ContainsKey(nameof(TimeoutSec)) ? TimeoutSec : session?.TimeoutSec ?? ConnectionSettings.DefaultTimeoutSeconds),
            };

            // Formatting a trace costs time on every request; only make one when it will be seen.
            if (WantsStream("Verbose", "VerbosePreference") || WantsStream("Debug", "DebugPreference")) _observer = new PipelineObserver(_wake);
            return new AccessTokenClient(settings, _observer);
        }

        /// <summary>Refuses a base URI that would send the token in clear text over a network.</summary>
        internal static void RequireSafeBaseUri(PSCmdlet cmdlet, Uri baseUri)
        {
            if (ConnectionSettings.IsSafeBaseUri(baseUri)) return;
            cmdlet.ThrowTerminatingError(ErrorRecordFactory.Create(
                new ArgumentException($"The base URI '{baseUri}' is refused: the API token may only travel over HTTPS (plain HTTP is allowed to this computer only)."),
                "InsecureBaseUri", ErrorCategory.InvalidArgument, baseUri,
                "Use an https:// base URI."));
        }

        private Uri? BaseUriFromEnvironment()
        {
            var text = Environment.GetEnvironmentVariable(BaseUriVariable);
            if (string.IsNullOrWhiteSpace(text)) return null;
            if (Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri)) return uri;
            ThrowTerminatingError(ErrorRecordFactory.Create(
                new ArgumentException($"The environment variable {BaseUriVariable} holds '{text}', which is not an absolute URI."),
                "InvalidBaseUri", ErrorCategory.InvalidArgument, text));
            return null;
        }

        private static SecureString? SecretFromEnvironment(string variable)
        {
            var text = Environment.GetEnvironmentVariable(variable);
            if (string.IsNullOrEmpty(text)) return null;
            var secret = new SecureString();
            foreach (var c in text!.Trim()) secret.AppendChar(c);
            secret.MakeReadOnly();
            return secret;
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
