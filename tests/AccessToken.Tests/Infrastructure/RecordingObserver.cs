using System.Collections.Concurrent;
using Losant.AccessTokens.Http;

namespace Losant.AccessTokens.Tests.Infrastructure;

/// <summary>Keeps every trace line; handlers call it from thread-pool threads.</summary>
public sealed class RecordingObserver : IRequestObserver
{
    private readonly ConcurrentQueue<string> _verbose = new();
    private readonly ConcurrentQueue<string> _debug = new();
    private readonly TaskCompletionSource _firstRetry = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<string> Verbose => _verbose.ToArray();

    public IReadOnlyList<string> Debug => _debug.ToArray();

    public IEnumerable<string> All => Verbose.Concat(Debug);

    public IReadOnlyList<string> Retries => Verbose.Where(line => line.StartsWith("Retrying ", StringComparison.Ordinal)).ToArray();

    /// <summary>Completes when the first retry is announced, i.e. when the backoff delay starts.</summary>
    public Task FirstRetry => _firstRetry.Task;

    public void OnVerbose(string message)
    {
        _verbose.Enqueue(message);
        if (message.StartsWith("Retrying ", StringComparison.Ordinal)) _firstRetry.TrySetResult();
    }

    public void OnDebug(string message) => _debug.Enqueue(message);
}
