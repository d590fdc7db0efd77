using Losant.AccessTokens.Execution;

namespace Losant.AccessTokens.Tests.Execution;

/// <summary>The ordered runner: outcomes in input order, at most the limit unwritten, refusals in their place, the trace written while waiting.</summary>
public sealed class OrderedRunnerTests : IDisposable
{
    private readonly List<string> _log = new();
    private readonly PipelineWaiter _waiter = new(pump: null);

    public void Dispose() => _waiter.Dispose();

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
        Assert.Equal(0, runner.Pending);
    }

    [Fact]
    public void Starting_beyond_the_limit_first_writes_the_oldest_outcome()
    {
        var runner = Runner(limit: 2);

        Start(runner, "a");
        Start(runner, "b");
        Start(runner, "c");

        Assert.Equal(new[] { "start a", "start b", "result a=a", "start c" }, _log);
        Assert.Equal(2, runner.Pending);
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
        Assert.Equal(0, runner.Pending);
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
