using Losant.AccessTokens.Execution;

namespace Losant.AccessTokens.Tests.Execution;

/// <summary>The ordered runner: outcomes in input order, at most the limit unwritten, refusals in their place, the trace written while waiting.</summary>
public sealed class OrderedRunnerTests : IDisposable
{
    private readonly List<string> _log = new();
    private readonly PipelineWaiter _waiter = new(pump: null);

    public void Dispose() => _waiter.Dispose();

    // Nothing is left to write: draining again writes no further outcome.
    private void AssertNothingPending(OrderedRunner runner)
    {
        var written = _log.ToArray();
        runner.Drain();
        Assert.Equal(written, _log);
    }

    [Fact]
    public void Outcomes_are_written_in_input_order_whatever_order_the_operations_finish_in()
    {
        var runner = Runner(limit: 3);
        var finishes = new[] { new TaskCompletionSource<object?>(), new TaskCompletionSource<object?>(), new TaskCompletionSource<object?>() };
        for (var i = 0; i < 3; i++)
        {
            var finish = finishes[i];
            runner.Start("input" + i, _ => finish.Task);
        }

        finishes[2].SetResult("result2");
        finishes[1].SetException(new InvalidOperationException("failure1"));
        finishes[0].SetResult("result0");
        runner.Drain();

        Assert.Equal(new[] { "result input0=result0", "failure input1=failure1", "result input2=result2" }, _log);
        AssertNothingPending(runner);
    }

    [Fact]
    public void Outcomes_that_are_ready_are_written_before_the_next_input_starts()
    {
        var runner = Runner(limit: 2);

        Start(runner, "a");
        Start(runner, "b");
        Start(runner, "c");

        Assert.Equal(new[] { "start a", "result a=a", "start b", "result b=b", "start c" }, _log);

        // One outcome, c's, is still to be written.
        runner.Drain();
        Assert.Equal(new[] { "start a", "result a=a", "start b", "result b=b", "start c", "result c=c" }, _log);
    }

    [Fact]
    public void A_slow_input_does_not_hold_up_the_inputs_behind_it_and_its_outcome_stays_first()
    {
        var runner = Runner(limit: 2);
        var slow = new TaskCompletionSource<object?>();
        runner.Start("slow", _ => slow.Task);

        // One running, one slot free: each quick input starts at once, whatever the slow one does.
        for (var i = 0; i < 5; i++) Start(runner, "quick" + i);

        // Six outcomes waiting, none written: the slow one holds the rest back.
        Assert.Equal(new[] { "start quick0", "start quick1", "start quick2", "start quick3", "start quick4" }, _log);
        slow.SetResult("late");
        runner.Drain();
        Assert.Equal(11, _log.Count);
        Assert.Equal(new[] { "result slow=late", "result quick0=quick0", "result quick1=quick1", "result quick2=quick2", "result quick3=quick3", "result quick4=quick4" }, _log.Skip(5));
    }

    [Fact]
    public async Task No_more_than_the_limit_run_at_once()
    {
        var runner = Runner(limit: 2);
        var first = new TaskCompletionSource<object?>();
        var second = new TaskCompletionSource<object?>();
        var thirdStarted = new ManualResetEventSlim();
        runner.Start("first", _ => first.Task);
        runner.Start("second", _ => second.Task);

        // The runner belongs to one thread at a time: from here on, to this one.
        var starting = Task.Run(() => runner.Start("third", _ =>
        {
            thirdStarted.Set();
            return Task.FromResult<object?>("third");
        }));
        Assert.False(thirdStarted.Wait(TimeSpan.FromMilliseconds(200)), "a third operation started while two were running");
        second.SetResult("second");
        Assert.True(thirdStarted.Wait(TimeSpan.FromSeconds(10)), "the third operation did not start when a slot freed");
        await starting.WaitAsync(TimeSpan.FromSeconds(10));
        first.SetResult("first");
        runner.Drain();

        Assert.Equal(new[] { "result first=first", "result second=second", "result third=third" }, _log);
    }

    [Fact]
    public async Task Outcomes_waiting_behind_a_slow_input_are_bounded()
    {
        var runner = Runner(limit: 2);
        var slow = new TaskCompletionSource<object?>();
        runner.Start("slow", _ => slow.Task);
        var started = 0;

        var starting = Task.Run(() =>
        {
            for (var i = 0; i < 200; i++)
            {
                runner.Start(i, _ =>
                {
                    Interlocked.Increment(ref started);
                    return Task.FromResult<object?>(null);
                });
            }
        });
        SpinWait.SpinUntil(() => Volatile.Read(ref started) >= 127, TimeSpan.FromSeconds(10));
        Thread.Sleep(200);

        // 64 outcomes per operation allowed at once: the slow input and 127 finished ones fill the
        // buffer of 128, and nothing more starts until the slow one is written.
        Assert.Equal(127, Volatile.Read(ref started));
        slow.SetResult("late");
        await starting.WaitAsync(TimeSpan.FromSeconds(10));
        runner.Drain();
        Assert.Equal(200, Volatile.Read(ref started));
        Assert.Equal(201, _log.Count);
        Assert.Equal("result slow=late", _log[0]);
    }

    [Fact]
    public void A_refused_input_keeps_its_place_among_the_outcomes_still_pending()
    {
        var runner = Runner(limit: 4);
        var first = new TaskCompletionSource<object?>();
        runner.Start("first", _ => first.Task);
        runner.Reject("refused", new ArgumentException("not an id"));
        runner.Start("last", _ => Task.FromResult<object?>("done"));

        Assert.Empty(_log);
        first.SetResult("done");
        runner.Drain();

        Assert.Equal(new[] { "result first=done", "failure refused=not an id", "result last=done" }, _log);
    }

    [Fact]
    public void A_refused_input_with_nothing_pending_is_written_at_once()
    {
        var runner = Runner(limit: 4);

        runner.Reject("refused", new ArgumentException("not an id"));

        Assert.Equal(new[] { "failure refused=not an id" }, _log);
        AssertNothingPending(runner);
    }

    [Fact]
    public void An_operation_that_throws_before_returning_a_task_is_a_failure_of_its_input()
    {
        var runner = Runner(limit: 1);

        runner.Start("input", _ => throw new InvalidOperationException("thrown at once"));
        runner.Drain();

        Assert.Equal(new[] { "failure input=thrown at once" }, _log);
    }

    [Fact]
    public void Operations_receive_the_runners_cancellation()
    {
        using var stopping = new CancellationTokenSource();
        var runner = new OrderedRunner(1, _waiter, stopping.Token, (_, _) => { }, (_, _) => { });
        var seen = CancellationToken.None;

        runner.Start("input", cancel =>
        {
            seen = cancel;
            return Task.FromResult<object?>(null);
        });
        stopping.Cancel();

        Assert.True(seen.IsCancellationRequested);
    }

    [Fact]
    public void The_trace_is_written_while_an_operation_is_still_running()
    {
        var messages = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var written = new List<string>();
        var pumped = new ManualResetEventSlim();
        using var waiter = new PipelineWaiter(() =>
        {
            while (messages.TryDequeue(out var message))
            {
                written.Add(message);
                pumped.Set();
            }
        });
        var runner = new OrderedRunner(1, waiter, CancellationToken.None, (_, completed) => written.Add("result " + ((Task<object?>)completed).Result), (_, _) => { });

        // The operation ends only once its trace line has been written: a waiter that wrote the
        // trace only after the wait would never see it end (the test then fails on its timeout).
        runner.Start("input", _ => Task.Run(() =>
        {
            messages.Enqueue("trace line");
            waiter.Wake();
            return pumped.Wait(TimeSpan.FromSeconds(10)) ? (object?)"done" : "trace not written while waiting";
        }));
        runner.Drain();

        Assert.Equal(new[] { "trace line", "result done" }, written);
    }

    private OrderedRunner Runner(int limit) => new(limit, _waiter, CancellationToken.None,
        (target, completed) => _log.Add($"result {target}={((Task<object?>)completed).Result}"),
        (target, failure) => _log.Add($"failure {target}={failure.Message}"));

    private void Start(OrderedRunner runner, string input) => runner.Start(input, _ =>
    {
        _log.Add("start " + input);
        return Task.FromResult<object?>(input);
    });
}
