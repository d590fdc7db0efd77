using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Losant.AccessTokens.Execution
{
    /// <summary>
    /// Runs one operation per input, up to a limit of operations at once, and hands each outcome
    /// (a result or a failure) back on the output thread in the order the inputs arrived, whatever
    /// order the operations finish in. An input refused before any operation keeps its place.
    /// </summary>
    /// <remarks>
    /// The limit counts operations still running, not inputs not yet written: one slow input (a
    /// retry after a backoff, a reconnect) does not hold up the inputs behind it, whose finished
    /// outcomes wait for it in a buffer, in order. The buffer is bounded, so memory stays small
    /// however long the input is. Every member is called on the output thread, which alone writes
    /// output; only the count of running operations is touched from other threads.
    /// </remarks>
    public sealed class OrderedRunner
    {
        private readonly Queue<(object? Target, Task Task)> _pending = new Queue<(object?, Task)>();
        private readonly int _limit;
        private readonly PipelineWaiter _waiter;
        private readonly CancellationToken _cancellation;
        private readonly Action<object?, Task> _writeResult;
        private readonly Action<object?, Exception> _writeFailure;
        private readonly int _bufferLimit;
        private readonly Action<Task> _settled;
        private readonly Func<bool> _canStartOrWrite;
        private int _running;

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
            _bufferLimit = Math.Min(MaxBuffered, Math.Max(MinBuffered, limit * BufferedPerOperation));
            _settled = _ => Settle();
            _canStartOrWrite = () => CanStart() || HeadIsReady();
        }

        // Outcomes waiting to be written, per operation allowed at once, within fixed bounds: enough
        // to keep the limit busy through a wait of about a second behind one slow input.
        private const int BufferedPerOperation = 64;
        private const int MinBuffered = 64;
        private const int MaxBuffered = 4096;

        /// <summary>
        /// Starts the operation of one input once fewer than the limit are running and the buffer
        /// has room, writing the outcomes of earlier inputs as they become ready meanwhile.
        /// </summary>
        public void Start(object? target, Func<CancellationToken, Task> operation)
        {
            if (operation == null) throw new ArgumentNullException(nameof(operation));
            if (_limit == 1)
            {
                // One at a time: the running operation is the oldest one, so waiting for it is all.
                while (_pending.Count > 0) WriteOldest();
            }
            else
            {
                WriteReady();
                while (!CanStart())
                {
                    _waiter.WaitUntil(_canStartOrWrite);
                    WriteReady();
                }
            }

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
            if (_limit == 1 || task.IsCompleted) return;
            Interlocked.Increment(ref _running);
            task.ContinueWith(_settled, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
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

        private void Settle()
        {
            Interlocked.Decrement(ref _running);
            _waiter.Wake();
        }

        private bool CanStart() => Volatile.Read(ref _running) < _limit && _pending.Count < _bufferLimit;

        private bool HeadIsReady() => _pending.Count > 0 && _pending.Peek().Task.IsCompleted;

        private void WriteReady()
        {
            while (HeadIsReady()) WriteOldest();
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
