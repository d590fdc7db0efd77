using System;
using System.Management.Automation;
using Losant.AccessTokens.Execution;
using Losant.AccessTokens.Infrastructure;

namespace Losant.AccessTokens.Commands
{
    /// <summary>
    /// The request trace of one cmdlet invocation: whether -Verbose, -Debug or their preference
    /// variables ask for it, and its writing on the pipeline thread while the cmdlet waits.
    /// </summary>
    internal sealed class RequestTrace : IDisposable
    {
        private readonly PSCmdlet _cmdlet;
        private readonly PipelineObserver? _observer;

        public RequestTrace(PSCmdlet cmdlet)
        {
            _cmdlet = cmdlet;
            // Formatting a trace costs time on every request; only make one when it will be seen.
            var tracing = WantsStream(cmdlet, "Verbose", "VerbosePreference") || WantsStream(cmdlet, "Debug", "DebugPreference");
            Waiter = new PipelineWaiter(tracing ? Write : (Action?)null);
            if (tracing) _observer = new PipelineObserver(Waiter.Wake);
        }

        /// <summary>Waits on the pipeline thread, writing the trace as it arrives.</summary>
        public PipelineWaiter Waiter { get; }

        /// <summary>What the client reports its requests to; null when no trace is wanted.</summary>
        public PipelineObserver? Observer => _observer;

        /// <inheritdoc />
        public void Dispose() => Waiter.Dispose();

        private static bool WantsStream(PSCmdlet cmdlet, string parameter, string preferenceVariable)
        {
            if (cmdlet.MyInvocation.BoundParameters.TryGetValue(parameter, out var value) && value is SwitchParameter set) return set.IsPresent;
            var preference = cmdlet.GetVariableValue(preferenceVariable);
            return preference is ActionPreference action
                ? action != ActionPreference.SilentlyContinue && action != ActionPreference.Ignore
                : preference != null && !string.Equals(preference.ToString(), "SilentlyContinue", StringComparison.OrdinalIgnoreCase);
        }

        private void Write()
        {
            if (_observer == null) return;
            while (_observer.TryTake(out var message))
            {
                if (message.Debug) _cmdlet.WriteDebug(message.Text);
                else _cmdlet.WriteVerbose(message.Text);
            }
        }
    }
}
