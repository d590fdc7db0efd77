using System;
using System.Net.Http;
using System.Threading;

namespace Losant.AccessTokens.Http
{
    /// <summary>
    /// Per-request settings carried on the request itself (<see cref="LosantRequest"/>), so one
    /// shared HttpClient and one set of handlers serve every connection and every call.
    /// </summary>
    internal sealed class RequestOptions
    {
        public int MaxRetries { get; set; }
        public TimeSpan TryTimeout { get; set; }
        public TimeSpan RetryBaseDelay { get; set; }
        public TimeSpan MaxRetryDelay { get; set; }

        /// <summary>
        /// A wait in seconds that the server asked for (Retry-After, RateLimit-Reset) or the backoff
        /// chose, within what the caller allows: never below zero, never above <see cref="MaxRetryDelay"/>.
        /// </summary>
        public double BoundedWaitSeconds(double seconds) => Math.Max(0, Math.Min(seconds, MaxRetryDelay.TotalSeconds));
        public IRequestObserver? Observer { get; set; }

        /// <summary>
        /// The token the request was sent with. HttpClient hands the handlers a token of its own,
        /// linked to this one, so only this one tells a reader of the body that it is the sender.
        /// </summary>
        public CancellationToken Cancellation { get; set; }
        public string RequestId { get; set; } = string.Empty;

        /// <summary>
        /// Slots for requests on the wire at once, shared by the requests of one client; null for
        /// no limit. A try holds one only while it is sent and answered, not while it waits to retry.
        /// </summary>
        public SemaphoreSlim? RequestSlots { get; set; }

        /// <summary>The proxy of the connection, to name it in errors and traces.</summary>
        public ProxySettings Proxy { get; set; } = ProxySettings.Direct;

        /// <summary>The rate limit shared by the connection's requests; null for none.</summary>
        public RatePacer? RatePacer { get; set; }

        /// <summary>Why the server's certificate did not validate, when it did not; set during the TLS handshake.</summary>
        public string? CertificateProblem { get; set; }

        /// <summary>Retries made so far; set by the retry handler, read for errors and tracing.</summary>
        public int RetryCount { get; set; }

        // Every request is a LosantRequest built by AccessTokenClient; one without options is a bug, not a default.
        public static RequestOptions From(HttpRequestMessage request) =>
            (request as LosantRequest)?.Options ?? throw new InvalidOperationException("The request was sent without RequestOptions.");
    }
}
