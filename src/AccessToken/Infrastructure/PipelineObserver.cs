using System;
using System.Collections.Concurrent;
using Losant.AccessTokens.Http;

namespace Losant.AccessTokens.Infrastructure
{
    /// <summary>
    /// Collects the request trace from thread-pool threads and wakes the pipeline thread,
    /// which alone may write to PowerShell's streams.
    /// </summary>
    internal sealed class PipelineObserver : IRequestObserver
    {
        private readonly ConcurrentQueue<(bool Debug, string Text)> _messages = new ConcurrentQueue<(bool, string)>();
        private readonly Action _wake;

        public PipelineObserver(Action wake) => _wake = wake;

        public void OnVerbose(string message) => Add(false, message);

        public void OnDebug(string message) => Add(true, message);

        public bool TryTake(out (bool Debug, string Text) message) => _messages.TryDequeue(out message);

        private void Add(bool debug, string message)
        {
            _messages.Enqueue((debug, message));
            _wake();
        }
    }
}
