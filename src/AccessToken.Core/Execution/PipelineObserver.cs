using System;
using System.Collections.Concurrent;
using Losant.AccessTokens.Http;

namespace Losant.AccessTokens.Execution
{
    /// <summary>
    /// Collects the request trace from thread-pool threads and wakes the pipeline thread,
    /// which alone may write to PowerShell's streams. It lives in the engine, beside
    /// <see cref="PipelineWaiter"/>, so that no type of the cmdlet assembly implements an engine
    /// interface: every one of its types then loads before the engine can be found, as Windows
    /// PowerShell 5.1 may load them while importing, before the module's resolver is in place.
    /// </summary>
    public sealed class PipelineObserver : IRequestObserver
    {
        private readonly ConcurrentQueue<(bool Debug, string Text)> _messages = new ConcurrentQueue<(bool, string)>();
        private readonly Action _wake;

        /// <summary>Creates an observer that calls <paramref name="wake"/> whenever a line arrives.</summary>
        public PipelineObserver(Action wake) => _wake = wake;

        /// <inheritdoc/>
        public void OnVerbose(string message) => Add(false, message);

        /// <inheritdoc/>
        public void OnDebug(string message) => Add(true, message);

        /// <summary>Takes the oldest line not yet written; <c>Debug</c> says which stream it is for.</summary>
        public bool TryTake(out (bool Debug, string Text) message) => _messages.TryDequeue(out message);

        private void Add(bool debug, string message)
        {
            _messages.Enqueue((debug, message));
            _wake();
        }
    }
}
