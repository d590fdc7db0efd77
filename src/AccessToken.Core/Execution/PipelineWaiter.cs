using System;
using System.Threading;
using System.Threading.Tasks;

namespace Losant.AccessTokens.Execution
{
    /// <summary>
    /// Waits for tasks on the one thread that may write output (PowerShell's pipeline thread),
    /// doing that thread's own work while it waits: whatever arrives from other threads (the
    /// request trace) is written as it arrives, not after the wait.
    /// </summary>
    public sealed class PipelineWaiter : IDisposable
    {
        private readonly AutoResetEvent _wake = new AutoResetEvent(false);
        private readonly Action? _pump;

        /// <summary>Creates a waiter; <paramref name="pump"/> writes what has arrived, or is null when nothing will.</summary>
        public PipelineWaiter(Action? pump) => _pump = pump;

        /// <summary>Called from any thread when there is something for the pump to write.</summary>
        public void Wake() => _wake.Set();

        /// <summary>Returns when <paramref name="task"/> has completed, however it ended; the caller reads the outcome.</summary>
        public void Wait(Task task)
        {
            if (_pump == null)
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
                _pump();
                if (task.IsCompleted) break;
                _wake.WaitOne();
            }

            _pump();
        }

        /// <summary>
        /// Returns once <paramref name="condition"/> holds, writing what arrives meanwhile. Whatever
        /// can make it hold must call <see cref="Wake"/>.
        /// </summary>
        public void WaitUntil(Func<bool> condition)
        {
            while (true)
            {
                _pump?.Invoke();
                if (condition()) return;
                _wake.WaitOne();
            }
        }

        /// <inheritdoc />
        public void Dispose() => _wake.Dispose();
    }
}
