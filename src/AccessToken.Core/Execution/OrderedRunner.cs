using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Losant.AccessTokens.Execution
{
    /// <summary>
    /// Runs one operation per input, up to a limit at once, and hands each outcome (a result or
    /// a failure) back on the output thread in the order the inputs arrived, whatever order the
    /// operations finish in. An input refused before any operation keeps its place among them.
    /// </summary>
    /// <remarks>
    /// Not thread-safe: every member is called on the output thread, which alone writes output.
    /// </remarks>
    public sealed class OrderedRunner
    {
        private readonly Queue<(object? Target, Task Task)> _pending = new Queue<(object?, Task)>();
        private readonly int _limit;
        private readonly PipelineWaiter _waiter;
        private readonly CancellationToken _cancellation;
        private readonly Action<object?, Task> _writeResult;
        private readonly Action<object?, Exception> _writeFailure;

        /// <summary>
        /// Creates a runner. <paramref name="writeResult"/> receives each input's target with its
        /// operation's task once it has succeeded (the caller knows what its result means), and
        /// <paramref name="writeFailure"/> the target with the failure; on the output thread, in input order.
        /// </summary>
        public OrderedRunner(int limit, PipelineWaiter waiter, CancellationToken cancellation,
            Action<object?, Task> writeResult, Action<object?, Exception> writeFailure)
        {
            if (limit < 1) throw new ArgumentOutOfRangeException(nameof(limit), limit, "At least one operation must be allowed at once.");
            _limit = limit;
            _waiter = waiter ?? throw new ArgumentNullException(nameof(waiter));
            _cancellation = cancellation;
            _writeResult = writeResult ?? throw new ArgumentNullException(nameof(writeResult));
            _writeFailure = writeFailure ?? throw new ArgumentNullException(nameof(writeFailure));
        }

        /// <summary>Inputs started or refused whose outcome has not been written yet.</summary>
        public int Pending => _pending.Count;

        /// <summary>
        /// Starts the operation of one input, first writing the outcomes of earlier inputs until
        /// fewer than the limit are unwritten.
        /// </summary>
        public void Start(object? target, Func<CancellationToken, Task> operation)
        {
            if (operation == null) throw new ArgumentNullException(nameof(operation));
            while (_pending.Count >= _limit) WriteOldest();
            Task task;
            try
            {
                task = operation(_cancellation);
            }
            catch (Exception e)
            {
                task = Task.FromException(e);
            }

            _pending.Enqueue((target, task));
        }

        /// <summary>
        /// Records an input refused before any request; its failure is written after the outcomes
        /// of the inputs before it, at once when none is pending.
        /// </summary>
        public void Reject(object? target, Exception failure)
        {
            if (failure == null) throw new ArgumentNullException(nameof(failure));
            if (_pending.Count == 0)
            {
                _writeFailure(target, failure);
                return;
            }

            _pending.Enqueue((target, Task.FromException(failure)));
        }

        /// <summary>Writes every pending outcome, waiting for the operations still running.</summary>
        public void Drain()
        {
            while (_pending.Count > 0) WriteOldest();
        }

        private void WriteOldest()
        {
            var (target, task) = _pending.Dequeue();
            _waiter.Wait(task);
            try
            {
                task.GetAwaiter().GetResult();
            }
            catch (Exception e)
            {
                _writeFailure(target, e);
                return;
            }

            _writeResult(target, task);
        }
    }
}
