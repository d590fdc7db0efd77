using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;

namespace Losant.AccessTokens.Http
{
    /// <summary>
    /// Innermost handler: one verbose line per try (method, URL with query, status, time, retry)
    /// and, on the debug stream, the headers. Only headers on an allow-list are shown with their
    /// values; every other value, Authorization first of all, is redacted.
    /// </summary>
    internal sealed class TracingHandler : DelegatingHandler
    {
        internal const string Redacted = "REDACTED";

        private static readonly HashSet<string> ShownHeaders = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "Accept", "Accept-Version", "Content-Type", "Content-Length", "User-Agent", ClientIdentityHandler.RequestIdHeader,
            "Retry-After", "Date", "Server", "Transfer-Encoding", "Connection",
        };

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            // Untraced requests pass straight through: no state machine, nothing formatted.
            var options = RequestOptions.From(request);
            return options.Observer == null ? base.SendAsync(request, cancellationToken) : TraceAsync(request, options, options.Observer, cancellationToken);
        }

        private async Task<HttpResponseMessage> TraceAsync(HttpRequestMessage request, RequestOptions options, IRequestObserver observer, CancellationToken cancellationToken)
        {
            var retry = options.RetryCount == 0 ? string.Empty : $" (retry {options.RetryCount} of {options.MaxRetries})";
            observer.OnDebug($"{request.Method} {request.RequestUri} request headers: {Describe(request.Headers, request.Content?.Headers)}");
            if (options.Proxy.Mode != ProxyMode.Direct && options.Proxy.ProxyFor(request.RequestUri!) is string proxy)
            {
                // The proxy's address only: its credentials are never part of it.
                observer.OnDebug($"{request.Method} {request.RequestUri} goes through the proxy {proxy}");
            }

            var clock = Stopwatch.StartNew();
            try
            {
                var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
                observer.OnVerbose(
                    $"{request.Method} {request.RequestUri} -> {(int)response.StatusCode} {response.ReasonPhrase} in {clock.ElapsedMilliseconds} ms{retry}");
                observer.OnDebug($"{request.Method} {request.RequestUri} response headers: {Describe(response.Headers, response.Content?.Headers)}");
                return response;
            }
            catch (Exception e) when (!(e is OperationCanceledException))
            {
                observer.OnVerbose($"{request.Method} {request.RequestUri} -> failed after {clock.ElapsedMilliseconds} ms{retry}: {e.GetBaseException().Message}");
                throw;
            }
        }

        internal static string Describe(HttpHeaders headers, HttpHeaders? contentHeaders)
        {
            var all = contentHeaders == null ? headers : headers.Concat(contentHeaders);
            return string.Join("; ", all.Select(h => h.Key + ": " + (ShownHeaders.Contains(h.Key) ? JoinValues(h.Key, h.Value) : Redacted)));
        }

        // User-Agent is one value of space-separated products; other headers list values with commas.
        private static string JoinValues(string name, IEnumerable<string> values) =>
            string.Join(string.Equals(name, "User-Agent", StringComparison.OrdinalIgnoreCase) ? " " : ", ", values);
    }
}
