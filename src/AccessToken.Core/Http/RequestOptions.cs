using System;
using System.Net.Http;

namespace Losant.AccessTokens.Http
{
    /// <summary>
    /// Per-request settings carried on the request itself, so one shared HttpClient and one set
    /// of handlers serve every connection and every call.
    /// </summary>
    internal sealed class RequestOptions
    {
        private const string PropertyKey = "Losant.AccessTokens.RequestOptions";

        public int MaxRetries { get; set; }
        public TimeSpan TryTimeout { get; set; }
        public TimeSpan RetryBaseDelay { get; set; }
        public TimeSpan MaxRetryDelay { get; set; }
        public IRequestObserver? Observer { get; set; }
        public string RequestId { get; set; } = string.Empty;

        /// <summary>Retries made so far; set by the retry handler, read for errors and tracing.</summary>
        public int RetryCount { get; set; }

        public void AttachTo(HttpRequestMessage request) => request.Properties[PropertyKey] = this;

        // Every request is built by AccessTokenClient, which attaches options; one without them is a bug, not a default.
        public static RequestOptions From(HttpRequestMessage request) =>
            request.Properties.TryGetValue(PropertyKey, out var value) && value is RequestOptions options
                ? options
                : throw new InvalidOperationException("The request was sent without RequestOptions.");
    }
}
