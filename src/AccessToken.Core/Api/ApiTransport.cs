using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using Losant.AccessTokens.Http;

namespace Losant.AccessTokens.Api
{
    /// <summary>
    /// Sends one request of a connection through the shared HTTP pipeline: the headers every
    /// request carries (Accept, Accept-Version, Authorization), the per-request options the
    /// handlers read, and every failure as an <see cref="ApiException"/>. Returns only answers
    /// with a success status.
    /// </summary>
    internal sealed class ApiTransport
    {
        private readonly ConnectionSettings _settings;
        private readonly IRequestObserver? _observer;
        private readonly string? _authorization;
        private readonly string _acceptVersion;
        private readonly SemaphoreSlim? _requestSlots;
        private readonly HttpClient _http;

        /// <summary>A transport for <paramref name="settings"/>; see <see cref="AccessTokenClient"/> for the other two.</summary>
        public ApiTransport(ConnectionSettings settings, IRequestObserver? observer, int maxRequestsInFlight)
        {
            _settings = settings;
            _observer = observer;
            _requestSlots = maxRequestsInFlight > 0 ? new SemaphoreSlim(maxRequestsInFlight, maxRequestsInFlight) : null;
            _authorization = settings.ApiToken == null ? null : "Bearer " + SecretText.Reveal(settings.ApiToken);
            _acceptVersion = settings.AcceptVersion;
            _http = LosantHttpClientFactory.CreateClient(settings.Proxy);
        }

        public async Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri uri, byte[]? body, CancellationToken cancellationToken,
            bool authorize = true, bool compressed = false)
        {
            if (authorize && _authorization == null) throw new InvalidOperationException("This client has no API token; it can only sign in.");
            var options = new RequestOptions
            {
                MaxRetries = _settings.MaxRetries,
                TryTimeout = _settings.Timeout,
                RetryBaseDelay = _settings.RetryBaseDelay,
                MaxRetryDelay = _settings.MaxRetryDelay,
                Observer = _observer,
                RatePacer = _settings.RatePacer,
                Proxy = _settings.Proxy,
                RequestSlots = _requestSlots,
                Cancellation = cancellationToken,
            };
            var request = new LosantRequest(method, uri, options);
            request.Headers.TryAddWithoutValidation("Accept", "application/json");
            request.Headers.TryAddWithoutValidation("Accept-Version", _acceptVersion);
            if (authorize) request.Headers.TryAddWithoutValidation("Authorization", _authorization);
            if (compressed) request.Headers.TryAddWithoutValidation("Accept-Encoding", ContentDecoding.AcceptEncoding);
            if (body != null)
            {
                request.Content = new ByteArrayContent(body);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            }

            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (ApiFailures.FromTransport(e, request, options, _settings.Proxy, cancellationToken) is ApiException failure)
            {
                throw failure;
            }

            if (response.IsSuccessStatusCode) return response;
            using (response)
            {
                throw await ApiFailures.FromStatusAsync(response, options, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
