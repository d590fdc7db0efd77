using System;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;

namespace Losant.AccessTokens.Http
{
    /// <summary>
    /// Retries transient failures with exponential backoff and jitter, honouring Retry-After, and
    /// keeps every try to the pace of the connection's rate limit (<see cref="RatePacer"/>): a
    /// refused request waits for its own Retry-After, while the others go on at the pace.
    /// Idempotent requests (GET, PATCH, DELETE) are retried on 408, 429, 500, 502, 503, 504 and
    /// broken connections; POST only where the server cannot have acted: 429, 503 and a refused
    /// connection, so a retry never creates a second token.
    /// </summary>
    internal sealed class RetryHandler : DelegatingHandler
    {
        // Jitter spreads the retries of parallel requests; it needs no cryptographic quality.
        [ThreadStatic] private static Random? _jitter;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var options = RequestOptions.From(request);
            for (var attempt = 0; ; attempt++)
            {
                options.RetryCount = attempt;
                HttpResponseMessage? response = null;
                ExceptionDispatchInfo? failure = null;
                try
                {
                    // Every try keeps to the connection's rate limit, and tells it how the answer went.
                    // It holds a request slot while it is about to be sent and on the wire, not while
                    // it waits to retry; the slot comes first, so that only requests about to go wait
                    // for their place in the pace.
                    if (options.RequestSlots != null) await options.RequestSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
                    try
                    {
                        if (options.RatePacer != null) await options.RatePacer.WaitAsync(request, options, cancellationToken).ConfigureAwait(false);
                    }
                    catch
                    {
                        options.RequestSlots?.Release();
                        throw;
                    }

                    var sentAt = options.RatePacer?.Enter();
                    try
                    {
                        response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
                    }
                    finally
                    {
                        options.RatePacer?.Exit();
                        options.RequestSlots?.Release();
                    }

                    if (sentAt is double sent) options.RatePacer!.Observe(response, request, options, sent);
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested && (e is HttpRequestException || e is IOException))
                {
                    failure = ExceptionDispatchInfo.Capture(e);
                }

                var reason = response != null
                    ? IsRetryable(request.Method, response.StatusCode) ? $"{(int)response.StatusCode} {response.ReasonPhrase}" : null
                    : IsRetryable(request.Method, failure!.SourceException) ? failure.SourceException.GetBaseException().Message : null;

                if (reason == null || attempt >= options.MaxRetries)
                {
                    if (response != null) return response;
                    failure!.Throw();
                }

                var delay = RetryDelay(response, attempt, options);
                response?.Dispose();
                options.Observer?.OnVerbose(
                    $"Retrying {request.Method} {request.RequestUri} in {delay.TotalMilliseconds:0} ms after {reason} (retry {attempt + 1} of {options.MaxRetries}).");
                if (delay > TimeSpan.Zero) await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
        }

        internal static bool IsIdempotent(HttpMethod method) => method != HttpMethod.Post;

        internal static bool IsRetryable(HttpMethod method, HttpStatusCode status)
        {
            var code = (int)status;
            if (code == 429 || code == 503) return true;
            return IsIdempotent(method) && (code == 408 || code == 500 || code == 502 || code == 504);
        }

        internal static bool IsRetryable(HttpMethod method, Exception failure)
        {
            // A certificate that does not validate will not validate on the next try either.
            if (IsCertificateFailure(failure)) return false;
            // Nor will a proxy take the credentials it refused, or ask for none the next time.
            if (ProxyFailure.IsAuthenticationRequired(failure)) return false;
            if (IsIdempotent(method)) return true;
            for (var e = failure; e != null; e = e.InnerException)
            {
                if (e is SocketException socket && socket.SocketErrorCode == SocketError.ConnectionRefused) return true;
            }

            return false;
        }

        internal static bool IsCertificateFailure(Exception failure)
        {
            for (var e = failure; e != null; e = e.InnerException)
            {
                if (e is System.Security.Authentication.AuthenticationException) return true;
                // .NET Framework (Windows PowerShell 5.1) reports a refused certificate as a
                // WebException of TrustFailure, whose inner exception it does not always set.
                if (e is WebException web && web.Status == WebExceptionStatus.TrustFailure) return true;
            }

            return false;
        }

        internal static TimeSpan RetryDelay(HttpResponseMessage? response, int attempt, RequestOptions options)
        {
            var delay = ServerDelay(response) ?? Backoff(attempt, options);
            return TimeSpan.FromTicks((long)Math.Round(options.BoundedWaitSeconds(delay.TotalSeconds) * TimeSpan.TicksPerSecond));
        }

        /// <summary>The wait the server asked for with Retry-After (seconds, fractional seconds or a date); null when it asked none.</summary>
        internal static TimeSpan? ServerDelay(HttpResponseMessage? response)
        {
            var retryAfter = response?.Headers.RetryAfter;
            if (retryAfter?.Delta is TimeSpan delta) return delta;
            if (retryAfter?.Date is DateTimeOffset date) return date - DateTimeOffset.UtcNow;
            if (response != null && response.Headers.TryGetValues("Retry-After", out var raw)
                && double.TryParse(string.Join("", raw), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
            {
                // Some servers send fractional seconds, which the typed header rejects.
                return TimeSpan.FromSeconds(seconds);
            }

            return null;
        }

        private static TimeSpan Backoff(int attempt, RequestOptions options)
        {
            var jitter = 0.8 + 0.4 * (_jitter ??= new Random(Guid.NewGuid().GetHashCode())).NextDouble();
            return TimeSpan.FromMilliseconds(options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, attempt) * jitter);
        }
    }
}
