using System;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Security;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Losant.AccessTokens.Http;
using Losant.AccessTokens.Json;
using Losant.AccessTokens.Models;

namespace Losant.AccessTokens.Api
{
    /// <summary>
    /// The operations of the access-token contract over one connection. Cheap to create: every
    /// instance shares the process's one HTTP pipeline (and its pooled connections). Each
    /// operation either returns what the contract promises or throws <see cref="ApiException"/>;
    /// cancellation surfaces as <see cref="OperationCanceledException"/>.
    /// </summary>
    public sealed class AccessTokenClient
    {
        /// <summary>The contract version this client speaks.</summary>
        public const string ApiVersion = "^1.3.7";

        /// <summary>The largest single-token or error body accepted; anything larger is hostile.</summary>
        internal const int MaxBodyBytes = AccessTokenListReader.MaxTokenBytes;

        private static readonly HttpMethod Patch = new HttpMethod("PATCH");

        private static readonly Lazy<HttpClient> SharedHttpClient = new Lazy<HttpClient>(LosantHttpClientFactory.CreateClient);

        private readonly IRequestObserver? _observer;
        private readonly string _authorization;
        private readonly string _baseAddress;

        /// <summary>Creates a client for the given connection; <paramref name="observer"/> receives the request trace.</summary>
        public AccessTokenClient(ConnectionSettings settings, IRequestObserver? observer = null)
        {
            Settings = settings ?? throw new ArgumentNullException(nameof(settings));
            _observer = observer;
            _authorization = "Bearer " + Reveal(settings.ApiToken);
            _baseAddress = settings.BaseUri.AbsoluteUri;
        }

        /// <summary>The connection this client uses.</summary>
        public ConnectionSettings Settings { get; }

        /// <summary><c>GET /access-tokens/{id}</c>: one token.</summary>
        public Task<AccessToken> GetAsync(string accessTokenId, QueryFlags flags, CancellationToken cancellationToken) =>
            SendForBodyAsync(HttpMethod.Get, AccessTokenRoutes.Item(_baseAddress, accessTokenId, flags), null, ParseToken, cancellationToken);

        /// <summary><c>PATCH /access-tokens/{id}</c>: changes the fields set in <paramref name="patch"/>; returns the updated token.</summary>
        public Task<AccessToken> UpdateAsync(string accessTokenId, AccessTokenPatch patch, QueryFlags flags, CancellationToken cancellationToken)
        {
            if (patch == null) throw new ArgumentNullException(nameof(patch));
            return SendForBodyAsync(Patch, AccessTokenRoutes.Item(_baseAddress, accessTokenId, flags), AccessTokenJson.WritePatch(patch), ParseToken, cancellationToken);
        }

        /// <summary><c>DELETE /access-tokens/{id}</c>.</summary>
        public Task DeleteAsync(string accessTokenId, QueryFlags flags, CancellationToken cancellationToken) =>
            SendForBodyAsync(HttpMethod.Delete, AccessTokenRoutes.Item(_baseAddress, accessTokenId, flags), null, ParseSuccess, cancellationToken);

        /// <summary><c>POST /access-tokens</c>: creates a token; the result carries the secret in <see cref="AccessToken.Token"/>.</summary>
        public Task<AccessToken> CreateAsync(AccessTokenPost post, QueryFlags flags, CancellationToken cancellationToken)
        {
            if (post == null) throw new ArgumentNullException(nameof(post));
            return SendForBodyAsync(HttpMethod.Post, AccessTokenRoutes.Collection(_baseAddress, flags), AccessTokenJson.WritePost(post), ParseToken, cancellationToken);
        }

        /// <summary><c>GET /access-tokens</c>: every token, streamed as the answer arrives.</summary>
        public async Task<AccessTokenListing> ListAsync(QueryFlags flags, CancellationToken cancellationToken)
        {
            var response = await SendAsync(HttpMethod.Get, AccessTokenRoutes.Collection(_baseAddress, flags), null, cancellationToken).ConfigureAwait(false);
            try
            {
                RequireJson(response);
                var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
                return new AccessTokenListing(response, new AccessTokenListReader(stream), e => DescribeBodyFailure(response, e));
            }
            catch (Exception e) when (!(e is OperationCanceledException))
            {
                response.Dispose();
                throw DescribeBodyFailure(response, e);
            }
        }

        private async Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri uri, byte[]? body, CancellationToken cancellationToken)
        {
            var options = new RequestOptions
            {
                MaxRetries = Settings.MaxRetries,
                TryTimeout = Settings.Timeout,
                RetryBaseDelay = Settings.RetryBaseDelay,
                MaxRetryDelay = Settings.MaxRetryDelay,
                Observer = _observer,
                Cancellation = cancellationToken,
            };
            var request = new LosantRequest(method, uri, options);
            request.Headers.TryAddWithoutValidation("Accept", "application/json");
            request.Headers.TryAddWithoutValidation("Accept-Version", ApiVersion);
            request.Headers.TryAddWithoutValidation("Authorization", _authorization);
            if (body != null)
            {
                request.Content = new ByteArrayContent(body);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            }

            HttpResponseMessage response;
            try
            {
                response = await SharedHttpClient.Value.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException e)
            {
                throw new ApiException(ApiFailureKind.Timeout, e.Message, method, request.RequestUri!, requestId: options.RequestId, retryCount: options.RetryCount, innerException: e);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && (e is HttpRequestException || e is IOException || e is OperationCanceledException))
            {
                var retries = options.RetryCount == 0 ? string.Empty : $" after {options.RetryCount} retries";
                throw new ApiException(ApiFailureKind.Connection,
                    $"{method} {request.RequestUri} failed{retries}: {e.GetBaseException().Message}",
                    method, request.RequestUri!, requestId: options.RequestId, retryCount: options.RetryCount, innerException: e);
            }

            if (response.IsSuccessStatusCode) return response;
            using (response)
            {
                throw await ReadStatusFailureAsync(response, options, cancellationToken).ConfigureAwait(false);
            }
        }

        private static async Task<Exception> ReadStatusFailureAsync(HttpResponseMessage response, RequestOptions options, CancellationToken cancellationToken)
        {
            var request = response.RequestMessage!;
            var code = (int)response.StatusCode;
            string? text = null;
            (string? Type, string? Message)? error = null;
            try
            {
                var body = await ReadBoundedAsync(response, cancellationToken).ConfigureAwait(false);
                error = AccessTokenJson.TryParseError(body);
                text = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, ApiException.MaxKeptBodyLength + 1));
            }
            catch (Exception e) when (!(e is OperationCanceledException) || !cancellationToken.IsCancellationRequested)
            {
                // The status already says what failed; an unreadable error body only loses detail.
            }

            var what = error?.Message ?? (string.IsNullOrWhiteSpace(text) ? "no details were given" : "the answer was not the API's JSON error");
            var retries = options.RetryCount == 0 ? string.Empty : $" after {options.RetryCount} retries";
            return new ApiException(
                ApiFailureKind.HttpStatus,
                $"{request.Method} {request.RequestUri} answered {code} {response.ReasonPhrase}{retries}: {what}",
                request.Method, request.RequestUri!, code, error?.Type, error?.Message, text, options.RequestId, options.RetryCount);
        }

        private static AccessToken ParseToken(byte[] body) => AccessTokenJson.ParseToken(body);

        private static bool ParseSuccess(byte[] body)
        {
            AccessTokenJson.ParseSuccess(body);
            return true;
        }

        // One request whose whole answer is one JSON value: send, read, parse in one state machine.
        // Reading and parsing share one failure path: whatever goes wrong with the body becomes
        // an ApiException that names the request, never a bare parser or socket exception.
        private async Task<T> SendForBodyAsync<T>(HttpMethod method, Uri uri, byte[]? body, Func<byte[], T> parse, CancellationToken cancellationToken)
        {
            using var response = await SendAsync(method, uri, body, cancellationToken).ConfigureAwait(false);
            try
            {
                RequireJson(response);
                return parse(await ReadBoundedAsync(response, cancellationToken).ConfigureAwait(false));
            }
            catch (Exception e) when (!(e is OperationCanceledException) || !cancellationToken.IsCancellationRequested)
            {
                throw DescribeBodyFailure(response, e);
            }
        }

        private static void RequireJson(HttpResponseMessage response)
        {
            var mediaType = response.Content.Headers.ContentType?.MediaType;
            if (mediaType == null) return;
            if (mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase)) return;
            throw new InvalidResponseException($"The answer is {mediaType}, not application/json.");
        }

        private static async Task<byte[]> ReadBoundedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
        {
            var declared = response.Content.Headers.ContentLength;
            if (declared > MaxBodyBytes) throw TooLarge();
            using var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);

            // The usual answer declares its length: read straight into an array of that size, with
            // no intermediate buffer (HttpClient itself holds the server to the declared length).
            var body = new byte[declared ?? 4096];
            var filled = 0;
            while (true)
            {
                if (filled == body.Length)
                {
                    if (declared.HasValue) return body;
                    Array.Resize(ref body, Math.Min(body.Length * 2, MaxBodyBytes + 1));
                }

                var read = await stream.ReadAsync(body, filled, body.Length - filled, cancellationToken).ConfigureAwait(false);
                if (read == 0) break;
                filled += read;
                if (filled > MaxBodyBytes) throw TooLarge();
            }

            if (filled != body.Length) Array.Resize(ref body, filled);
            return body;
        }

        private static InvalidResponseException TooLarge() =>
            new InvalidResponseException($"The answer is larger than {MaxBodyBytes / 1024} KiB, far more than any access token.");

        private static ApiException DescribeBodyFailure(HttpResponseMessage response, Exception failure)
        {
            if (failure is ApiException api) return api;
            var request = response.RequestMessage!;
            var options = RequestOptions.From(request);
            var (kind, what) = failure switch
            {
                TimeoutException _ => (ApiFailureKind.Timeout, failure.Message),
                InvalidResponseException _ => (ApiFailureKind.InvalidResponse, failure.Message),
                // A compressed body that does not decompress arrived whole but is not JSON.
                InvalidDataException _ => (ApiFailureKind.InvalidResponse, "The answer's compressed body is corrupt: " + failure.Message),
                _ => (ApiFailureKind.Connection, "The connection broke while reading the answer: " + failure.GetBaseException().Message),
            };
            return new ApiException(kind, $"{request.Method} {request.RequestUri} answered {(int)response.StatusCode}, but {Lower(what)}",
                request.Method, request.RequestUri!, (int)response.StatusCode, requestId: options.RequestId, retryCount: options.RetryCount, innerException: failure);
        }

        private static string Lower(string sentence) =>
            sentence.Length > 1 && char.IsUpper(sentence[0]) && !char.IsUpper(sentence[1]) ? char.ToLowerInvariant(sentence[0]) + sentence.Substring(1) : sentence;

        private static string Reveal(SecureString secret)
        {
            var pointer = IntPtr.Zero;
            try
            {
                pointer = Marshal.SecureStringToGlobalAllocUnicode(secret);
                return Marshal.PtrToStringUni(pointer) ?? string.Empty;
            }
            finally
            {
                if (pointer != IntPtr.Zero) Marshal.ZeroFreeGlobalAllocUnicode(pointer);
            }
        }
    }
}
