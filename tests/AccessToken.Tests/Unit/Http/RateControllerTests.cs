using Losant.AccessTokens.Http;

namespace Losant.AccessTokens.Tests.Http;

/// <summary>
/// The rate controller on its own, and in deterministic simulations of processes that share one
/// token-bucket server: 20 ms answers, -ThrottleLimit 16, a burst of 200 ms of the limit, and a
/// run that takes about 12 s of the limit, as in the benchmark. Simulated time: no test sleeps.
/// </summary>
public sealed class RateControllerTests
{
    [Fact]
    public void There_is_no_pace_before_a_limit_shows_itself()
    {
        var controller = new RateController();
        for (var i = 0; i < 1000; i++)
        {
            controller.Sent(i * 0.001);
            Assert.False(controller.Answered(i * 0.001, i * 0.001 + 0.02, refused: false));
        }

        Assert.Null(controller.Pace(1.5));
    }

    [Fact]
    public void A_few_refusals_among_many_answers_set_no_pace()
    {
        var controller = new RateController();
        for (var i = 0; i < 1000; i++)
        {
            controller.Sent(i * 0.001);
            controller.Answered(i * 0.001, i * 0.001 + 0.02, refused: i % 50 == 0);
        }

        Assert.Null(controller.Pace(1.5));
    }

    [Fact]
    public void Refusals_above_the_share_of_note_set_a_pace_below_the_rate_sent_and_it_climbs_back()
    {
        var controller = new RateController();
        var lowered = 0;
        for (var i = 0; i < 100; i++) controller.Sent(i * 0.002);

        // 500 a second were sent, and a quarter refused: the pace drops to 0.7 of it, once, however
        // many refusals follow for requests sent before the drop.
        for (var i = 0; i < 100; i++)
        {
            if (controller.Answered(i * 0.002, 0.2 + i * 0.0001, refused: i % 4 == 0)) lowered++;
        }

        Assert.Equal(1, lowered);
        var droppedAt = 0.2 + 20 * 0.0001;
        var pace = controller.Pace(droppedAt);
        Assert.InRange(pace!.Value, 0.65 * 500, 0.75 * 500);

        // Back to where it met the limit after K = cbrt(W(1 - β)/C) seconds, and beyond it after.
        for (var i = 0; i < 5000; i++) controller.Sent(droppedAt + i * 0.002);
        var k = Math.Cbrt(500 * (1 - RateController.Beta) / RateController.Scale);
        Assert.InRange(controller.Pace(droppedAt + k)!.Value, 0.95 * 500, 1.05 * 500);
        Assert.True(controller.Pace(droppedAt + k + 3) > 1.1 * 500);
    }

    [Theory]
    [InlineData(1, 100, 0.1)]
    [InlineData(1, 200, 0.1)]
    [InlineData(1, 400, 0.1)]
    [InlineData(2, 200, 0.1)]
    [InlineData(2, 400, 0.1)]
    // At 50 a second each, the handful of refusals each process needs before it takes them for a
    // limit (not refusals at random) is a larger share of what it sends.
    [InlineData(2, 100, 0.2)]
    public void Processes_sharing_a_limit_fill_it_refuse_little_and_finish_together(int processes, double limit, double mostRefused)
    {
        foreach (var retryAfter in new double?[] { 1, null })
        {
            var simulation = Share(processes, limit, retryAfter);

            Assert.InRange(Utilisation(simulation, limit), 0.8, 1.1);
            Assert.InRange(RefusedShare(simulation), 0, mostRefused);
            Assert.InRange(Slowest(simulation) / Fastest(simulation), 1, 1.2);
        }
    }

    [Theory]
    [InlineData(100)]
    [InlineData(200)]
    public void Five_processes_sharing_a_limit_fill_it_and_finish_close_together(double limit)
    {
        // Each of five needs a handful of refusals of its own before it takes a limit for one,
        // and their first 80 requests go at once into a burst of a fifth of a second: more of
        // their requests are refused than one process's (a third at 100 a second), never most.
        var simulation = Share(5, limit, retryAfter: 1);

        Assert.InRange(Utilisation(simulation, limit), 0.85, 1.1);
        Assert.InRange(RefusedShare(simulation), 0, 0.4);
        Assert.InRange(Slowest(simulation) / Fastest(simulation), 1, 1.5);
    }

    [Fact]
    public void Refusals_at_random_without_a_limit_cost_only_their_own_waits()
    {
        var clean = new RateSimulation(200, 40) { Limited = false };
        clean.AddClient(2400);
        clean.Run();
        var sporadic = new RateSimulation(200, 40) { Limited = false, RandomRefusals = 0.02 };
        var client = sporadic.AddClient(2400);
        sporadic.Run();

        Assert.True(sporadic.Refused > 30, "the server refused 2% at random");
        Assert.Equal(0, client.Lowered);
        Assert.InRange(client.Seconds / clean.Clients[0].Seconds, 1, 1.5);
    }

    [Fact]
    public void Refusals_at_random_under_a_shared_limit_neither_starve_nor_split_the_processes()
    {
        var simulation = new RateSimulation(200, 40) { RandomRefusals = 0.02 };
        simulation.AddClient(1200);
        simulation.AddClient(1200);
        simulation.Run();

        Assert.InRange(Utilisation(simulation, 200), 0.8, 1.1);
        Assert.InRange(Slowest(simulation) / Fastest(simulation), 1, 1.25);
    }

    [Fact]
    public void A_limit_that_halves_is_kept_to_and_when_it_recovers_the_pace_climbs_back_within_seconds()
    {
        var simulation = new RateSimulation(200, 40);
        simulation.AddClient(100_000);
        simulation.At(10, () => simulation.Limit = 100);
        simulation.At(20, () => simulation.Limit = 200);
        simulation.Run(until: 30);

        var refusedWhileHalved = simulation.Clients[0].Refusals;
        Assert.InRange(simulation.AdmittedRate(12, 20), 0.9 * 100, 1.05 * 100);
        Assert.InRange(simulation.AdmittedRate(24, 30), 0.9 * 200, 1.05 * 200);
        Assert.InRange(RefusedShare(simulation), 0, 0.05);
        Assert.True(refusedWhileHalved > 0);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    public void When_the_others_stop_the_last_process_climbs_into_the_whole_limit_within_seconds(int processes)
    {
        var simulation = new RateSimulation(200, 40);
        for (var i = 1; i < processes; i++) simulation.AddClient(800);
        var last = simulation.AddClient(100_000);
        simulation.Run(until: 40);

        var othersDone = simulation.Clients.Where(c => c != last).Max(c => c.FinishedAt);
        Assert.InRange(simulation.AdmittedRate(othersDone + 4, othersDone + 10), 0.9 * 200, 1.05 * 200);
    }

    [Fact]
    public void A_process_that_joins_a_busy_limit_gets_its_share()
    {
        var simulation = new RateSimulation(200, 40);
        var first = simulation.AddClient(100_000);
        var second = simulation.AddClient(100_000, startAt: 10);

        // Over the last ten seconds the two fill the limit, and each has close to half of it.
        var (firstAt20, secondAt20) = (0, 0);
        simulation.At(20, () => (firstAt20, secondAt20) = (first.Completed, second.Completed));
        simulation.Run(until: 30);

        Assert.InRange(simulation.AdmittedRate(20, 30), 0.9 * 200, 1.05 * 200);
        Assert.InRange((first.Completed - firstAt20) / (double)(second.Completed - secondAt20), 0.8, 1.25);
    }

    private static RateSimulation Share(int processes, double limit, double? retryAfter)
    {
        var simulation = new RateSimulation(limit, limit / 5) { RetryAfter = retryAfter };
        var requests = (int)(limit * 12);
        for (var i = 0; i < processes; i++) simulation.AddClient(requests / processes);
        simulation.Run();
        Assert.All(simulation.Clients, c => Assert.True(c.Done));
        return simulation;
    }

    private static double Utilisation(RateSimulation simulation, double limit) =>
        simulation.Clients.Sum(c => c.Completed) / simulation.Clients.Max(c => c.FinishedAt) / limit;

    private static double RefusedShare(RateSimulation simulation) =>
        simulation.Refused / (double)(simulation.Admitted + simulation.Refused);

    private static double Slowest(RateSimulation simulation) => simulation.Clients.Max(c => c.Seconds);

    private static double Fastest(RateSimulation simulation) => simulation.Clients.Min(c => c.Seconds);
}
