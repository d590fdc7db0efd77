using Losant.AccessTokens.Http;

namespace Losant.AccessTokens.Tests.Http;

/// <summary>
/// A deterministic simulation of clients that pace themselves with <see cref="RateController"/>
/// against one token-bucket server they share: a simulated clock, events in time order, and a
/// seeded random source for the refusals a server makes for reasons of its own. Each client works
/// as the module does: a number of requests on the wire at once (-ThrottleLimit), each waiting
/// for its slot at the pace while it holds a place, a refused request waiting for its Retry-After
/// (or a backoff) without one, and every other request going on at the pace.
/// </summary>
internal sealed class RateSimulation
{
    private readonly PriorityQueue<Action, (double, long)> _events = new();
    private readonly Random _random;
    private long _order;

    public RateSimulation(double limit, double burst, int seed = 1)
    {
        Limit = limit;
        Burst = burst;
        _tokens = burst;
        _random = new Random(seed);
    }

    private double _tokens;
    private double _refilledAt;

    /// <summary>The server's rate: requests a second the bucket refills by. Changed by <see cref="At"/> to play a changing limit.</summary>
    public double Limit { get; set; }

    public double Burst { get; }

    /// <summary>The share of requests the server refuses at random, limit or none.</summary>
    public double RandomRefusals { get; set; }

    /// <summary>Retry-After in seconds on every refusal; null sends none, and clients back off instead.</summary>
    public double? RetryAfter { get; set; } = 1;

    /// <summary>False: no token bucket at all, only the random refusals.</summary>
    public bool Limited { get; set; } = true;

    /// <summary>One-way latency in seconds: an answer comes twice this after the request was sent.</summary>
    public double OneWaySeconds { get; set; } = 0.01;

    public double Now { get; private set; }

    public int Admitted { get; private set; }

    public int Refused { get; private set; }

    /// <summary>When each request the server admitted arrived, in order.</summary>
    public List<double> AdmittedAt { get; } = [];

    public List<Client> Clients { get; } = [];

    public Client AddClient(int requests, int concurrency = 16, double startAt = 0)
    {
        var client = new Client(this, requests, concurrency);
        Clients.Add(client);
        At(startAt, client.Pump);
        return client;
    }

    public void At(double time, Action action) => _events.Enqueue(action, (time, _order++));

    /// <summary>Plays events until every client is done or <paramref name="until"/> is reached.</summary>
    public void Run(double until = 600)
    {
        while (_events.TryDequeue(out var action, out var key))
        {
            if (key.Item1 > until) break;
            Now = key.Item1;
            action();
            if (Clients.All(c => c.Done)) break;
        }
    }

    /// <summary>Requests a second the server admitted between two times.</summary>
    public double AdmittedRate(double from, double to) => AdmittedAt.Count(t => t >= from && t < to) / (to - from);

    private bool Admit()
    {
        if (RandomRefusals > 0 && _random.NextDouble() < RandomRefusals) return Refuse();
        if (!Limited) return Accept();
        _tokens = Math.Min(Burst, _tokens + (Now - _refilledAt) * Limit);
        _refilledAt = Now;
        if (_tokens < 1) return Refuse();
        _tokens--;
        return Accept();
    }

    private bool Accept()
    {
        Admitted++;
        AdmittedAt.Add(Now);
        return true;
    }

    private bool Refuse()
    {
        Refused++;
        return false;
    }

    /// <summary>One process: its controller, its pace and its requests.</summary>
    internal sealed class Client(RateSimulation simulation, int requests, int concurrency)
    {
        private readonly RateController _controller = new();
        private readonly Queue<int> _due = new();
        private PaceSchedule _schedule;
        private int _next;
        private int _busy;

        public int Completed { get; private set; }

        public int Refusals { get; private set; }

        public int Lowered { get; private set; }

        public double StartedAt { get; private set; } = double.NaN;

        public double FinishedAt { get; private set; } = double.NaN;

        public bool Done => Completed == requests;

        public double Seconds => FinishedAt - StartedAt;

        public double? Pace => _controller.Pace(simulation.Now);

        public void Pump()
        {
            if (double.IsNaN(StartedAt)) StartedAt = simulation.Now;
            while (_busy < concurrency && (_due.Count > 0 || _next < requests))
            {
                var attempt = _due.Count > 0 ? _due.Dequeue() : 0;
                if (attempt == 0) _next++;
                _busy++;
                var sendAt = simulation.Now;
                if (_controller.Pace(simulation.Now) is double pace)
                {
                    (sendAt, _schedule) = _schedule.Take(simulation.Now, pace);
                }

                simulation.At(sendAt, () => Send(attempt));
            }
        }

        private void Send(int attempt)
        {
            var sentAt = simulation.Now;
            _controller.Sent(sentAt);
            simulation.At(sentAt + simulation.OneWaySeconds, () =>
            {
                var admitted = simulation.Admit();
                simulation.At(simulation.Now + simulation.OneWaySeconds, () => Answer(sentAt, attempt, admitted));
            });
        }

        private void Answer(double sentAt, int attempt, bool admitted)
        {
            _busy--;
            if (_controller.Answered(sentAt, simulation.Now, refused: !admitted)) Lowered++;
            if (admitted)
            {
                Completed++;
                if (Done) FinishedAt = simulation.Now;
            }
            else
            {
                Refusals++;
                var wait = simulation.RetryAfter ?? 0.2 * Math.Pow(2, Math.Min(attempt, 3));
                simulation.At(simulation.Now + wait, () =>
                {
                    _due.Enqueue(attempt + 1);
                    Pump();
                });
            }

            Pump();
        }
    }
}
