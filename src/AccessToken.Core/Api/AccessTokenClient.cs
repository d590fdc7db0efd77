using System;
using System.Collections.Generic;
using System.Globalization;
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
    /// The operations on tokens over one connection, under either contract (<see cref="TokenContract"/>),
    /// for whichever owner a call names. Cheap to create: every instance of the same proxy setting
    /// shares one HTTP pipeline (and its pooled connections). Each operation either returns what the contract
    /// promises or throws <see cref="ApiException"/>; cancellation surfaces as <see cref="OperationCanceledException"/>.
    /// </summary>
    public sealed class AccessTokenClient
    {
        /// <summary>The largest single-token or error body accepted; anything larger is hostile.</summary>
        internal const int MaxBodyBytes = AccessTokenJson.MaxItemBytes;

        private static readonly HttpMethod Patch = new HttpMethod("PATCH");

        private readonly IRequestObserver? _observer;
        private readonly string? _authorization;
        private readonly string _baseAddress;
        private readonly string _acceptVersion;
        private readonly TokenContract _contract;
        private readonly SemaphoreSlim? _requestSlots;
        private readonly HttpClient _http;

        /// <summary>
        /// Creates a client for the given connection; <paramref name="observer"/> receives the request
        /// trace, and <paramref name="maxRequestsInFlight"/> (when above 0) caps the requests of this
        /// client on the wire at once, whatever number of operations are waiting to retry.
        /// </summary>
        public AccessTokenClient(ConnectionSettings settings, IRequestObserver? observer = null, int maxRequestsInFlight = 0)
        {
            _requestSlots = maxRequestsInFlight > 0 ? new SemaphoreSlim(maxRequestsInFlight, maxRequestsInFlight) : null;
            Settings = settings ?? throw new ArgumentNullException(nameof(settings));
            _observer = observer;
            _authorization = settings.ApiToken == null ? null : "Bearer " + Reveal(settings.ApiToken);
            _baseAddress = settings.BaseUri.AbsoluteUri;
            _acceptVersion = settings.AcceptVersion;
            _contract = settings.Contract;
            _http = LosantHttpClientFactory.CreateClient(settings.Proxy);
        }

        /// <summary>The connection this client uses.</summary>
        public ConnectionSettings Settings { get; }

        /// <summary><c>GET {owner's tokens}/{id}</c>: one token.</summary>
        public Task<AccessToken> GetAsync(TokenOwner owner, string tokenId, QueryFlags flags, CancellationToken cancellationToken) =>
            SendForBodyAsync(HttpMethod.Get, Item(owner, tokenId, flags), null, owner, ParseToken, cancellationToken);

        /// <summary><c>PATCH {owner's tokens}/{id}</c>: changes the fields set in <paramref name="patch"/>; returns the updated token.</summary>
        public Task<AccessToken> UpdateAsync(TokenOwner owner, string tokenId, AccessTokenPatch patch, QueryFlags flags, CancellationToken cancellationToken)
        {
            if (patch == null) throw new ArgumentNullException(nameof(patch));
            return SendForBodyAsync(Patch, Item(owner, tokenId, flags), AccessTokenJson.WritePatch(patch), owner, ParseToken, cancellationToken);
        }

        /// <summary><c>DELETE {owner's tokens}/{id}</c>; the answer is <c>{"success": true}</c>.</summary>
        public Task DeleteAsync(TokenOwner owner, string tokenId, QueryFlags flags, CancellationToken cancellationToken) =>
            SendForBodyAsync(HttpMethod.Delete, Item(owner, tokenId, flags), null, owner, ParseSuccess, cancellationToken);

        /// <summary><c>POST {owner's tokens}</c>: creates a token; the result carries the secret in <see cref="AccessToken.Token"/>.</summary>
        public Task<AccessToken> CreateAsync(TokenOwner owner, AccessTokenPost post, QueryFlags flags, CancellationToken cancellationToken)
        {
            if (post == null) throw new ArgumentNullException(nameof(post));
            var uri = AccessTokenRoutes.Collection(_baseAddress, _contract, owner, flags.ToQueryString());
            return SendForBodyAsync(HttpMethod.Post, uri, AccessTokenJson.WritePost(post), owner, ParseToken, cancellationToken);
        }

        /// <summary>
        /// Every token of an owner, streamed: below API 1.5 one answer read as it arrives; from 1.5
        /// on, page by page (<paramref name="query"/> says how many at once, and what the server filters).
        /// </summary>
        public async Task<Listing<AccessToken>> ListAsync(TokenOwner owner, ListQuery query, QueryFlags flags, CancellationToken cancellationToken)
        {
            if (query == null) throw new ArgumentNullException(nameof(query));
            var collection = AccessTokenRoutes.CollectionPath(_contract, owner);
            if (_contract == TokenContract.AccessTokens)
            {
                return await StreamAsync(new Uri(_baseAddress + collection + flags.ToQueryString()),
                    AccessTokenJson.ReadTokenList, cancellationToken).ConfigureAwait(false);
            }

            var filter = query.NameFilter != null ? "&filterField=name&filter=" + Uri.EscapeDataString(query.NameFilter)
                : query.StatusFilter.HasValue ? "&filterField=status&filter=" + (query.StatusFilter == AccessTokenStatus.Active ? "active" : "inactive")
                : string.Empty;
            return await PagedListing<AccessToken>.StartAsync(
                (page, cancel) => ReadPageAsync(PageUri(collection, flags, page, filter), AccessTokenJson.ReadTokenList, token => token.PlaceUnder(owner), cancel),
                token => token.Id, ListQuery.PageSize, query.Concurrency, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// Every token of one application, read page by page into a list; each carries the
        /// application's id and name. For listing many applications side by side.
        /// </summary>
        public async Task<IReadOnlyList<AccessToken>> ReadApplicationTokensAsync(Application application, ListQuery query, QueryFlags flags, CancellationToken cancellationToken)
        {
            if (application == null) throw new ArgumentNullException(nameof(application));
            using var listing = await ListAsync(TokenOwner.Application(application.Id), query, flags, cancellationToken).ConfigureAwait(false);
            var tokens = new List<AccessToken>();
            AccessToken? token;
            while ((token = await listing.ReadNextAsync(cancellationToken).ConfigureAwait(false)) != null)
            {
                token.ApplicationName = application.Name;
                tokens.Add(token);
            }

            return tokens;
        }

        /// <summary><c>GET /applications</c>, page by page: the applications the caller can see.</summary>
        public Task<Listing<Application>> ListApplicationsAsync(ListQuery query, QueryFlags flags, CancellationToken cancellationToken)
        {
            if (query == null) throw new ArgumentNullException(nameof(query));
            return ListApplicationsCoreAsync(query, flags, cancellationToken);
        }

        /// <summary>
        /// <c>POST /auth/user</c>: signs in with an email address and password (and a two-factor code
        /// when the account needs one) and returns the user token for the calls that follow. Sends
        /// the default query flags, like every call, but no Authorization header; the password never becomes a string.
        /// </summary>
        public async Task<SecureString> SignInAsync(string email, SecureString password, string? twoFactorCode, CancellationToken cancellationToken)
        {
            if (email == null) throw new ArgumentNullException(nameof(email));
            if (password == null) throw new ArgumentNullException(nameof(password));
            var body = WithRevealed(password, characters => AccessTokenJson.WriteSignIn(email, characters, twoFactorCode));
            try
            {
                // The query flags go on every request, the sign-in's too, as the reference client sends them.
                var answer = await SendForBodyAsync(HttpMethod.Post, new Uri(_baseAddress + AccessTokenRoutes.SignInPath + QueryFlags.Default.ToQueryString()), body,
                    TokenOwner.Caller, ParseSignIn, cancellationToken, authorize: false).ConfigureAwait(false);
                return answer.Token!;
            }
            finally
            {
                Array.Clear(body, 0, body.Length);
            }
        }

        private async Task<Listing<Application>> ListApplicationsCoreAsync(ListQuery query, QueryFlags flags, CancellationToken cancellationToken) =>
            await PagedListing<Application>.StartAsync(
                (page, cancel) => ReadPageAsync(PageUri(AccessTokenRoutes.ApplicationsPath, flags, page, string.Empty),
                    stream => new ListBodyReader<Application>(stream, AccessTokenJson.ReadApplication), null, cancel),
                application => application.Id, ListQuery.PageSize, query.Concurrency, cancellationToken).ConfigureAwait(false);

        private Uri Item(TokenOwner owner, string tokenId, QueryFlags flags) =>
            AccessTokenRoutes.Item(_baseAddress, _contract, owner, tokenId, flags.ToQueryString());

        private Uri PageUri(string collection, QueryFlags flags, int page, string filter) =>
            new Uri(_baseAddress + collection + flags.ToQueryString() + "&page=" + page.ToString(CultureInfo.InvariantCulture)
                + "&perPage=" + ListQuery.PageSize.ToString(CultureInfo.InvariantCulture) + filter);

        private async Task<Listing<T>> StreamAsync<T>(Uri uri, Func<System.IO.Stream, ListBodyReader<T>> reader, CancellationToken cancellationToken)
            where T : class
        {
            var response = await SendAsync(HttpMethod.Get, uri, null, cancellationToken, compressed: true).ConfigureAwait(false);
            try
            {
                RequireJson(response);
                var stream = await ContentDecoding.OpenAsync(response.Content).ConfigureAwait(false);
                return new StreamedListing<T>(response, reader(stream), e => DescribeBodyFailure(response, e));
            }
            catch (Exception e) when (!(e is OperationCanceledException))
            {
                response.Dispose();
                throw DescribeBodyFailure(response, e);
            }
        }

        // A page is read whole before the next is handed out: pages in flight are small, and one
        // state machine per page, not per item, reads them.
        private async Task<Page<T>> ReadPageAsync<T>(Uri uri, Func<System.IO.Stream, ListBodyReader<T>> reader, Action<T>? place, CancellationToken cancellationToken)
            where T : class
        {
            using var response = await SendAsync(HttpMethod.Get, uri, null, cancellationToken, compressed: true).ConfigureAwait(false);
            try
            {
                RequireJson(response);
                var list = reader(await ContentDecoding.OpenAsync(response.Content).ConfigureAwait(false));
                var items = new List<T>();
                T? item;
                while ((item = await list.ReadNextAsync(cancellationToken).ConfigureAwait(false)) != null)
                {
                    place?.Invoke(item);
                    items.Add(item);
                }

                return new Page<T>(items, list.TotalCount, list.PerPage);
            }
            catch (Exception e) when (!(e is OperationCanceledException) || !cancellationToken.IsCancellationRequested)
            {
                throw DescribeBodyFailure(response, e);
            }
        }

        private async Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri uri, byte[]? body, CancellationToken cancellationToken,
            bool authorize = true, bool compressed = false)
        {
            if (authorize && _authorization == null) throw new InvalidOperationException("This client has no API token; it can only sign in.");
            var options = new RequestOptions
            {
                MaxRetries = Settings.MaxRetries,
                TryTimeout = Settings.Timeout,
                RetryBaseDelay = Settings.RetryBaseDelay,
                MaxRetryDelay = Settings.MaxRetryDelay,
                Observer = _observer,
                RatePacer = Settings.RatePacer,
                Proxy = Settings.Proxy,
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
            catch (TimeoutException e)
            {
                throw new ApiException(ApiFailureKind.Timeout, e.Message, method, request.RequestUri!, requestId: options.RequestId, retryCount: options.RetryCount, innerException: e);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && RetryHandler.IsCertificateFailure(e))
            {
                throw new ApiException(ApiFailureKind.Certificate,
                    $"{method} {request.RequestUri} was not sent: " + (options.CertificateProblem ?? e.GetBaseException().Message),
                    method, request.RequestUri!, requestId: options.RequestId, retryCount: options.RetryCount, innerException: e);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && ProxyFailure.IsAuthenticationRequired(e))
            {
                throw new ApiException(ApiFailureKind.ProxyAuthentication, ProxyFailure.AuthenticationMessage(ProxyOf(request), Settings.Proxy.HasCredentials),
                    method, request.RequestUri!, statusCode: 407, requestId: options.RequestId, retryCount: options.RetryCount, innerException: e);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && (e is HttpRequestException || e is IOException)
                && ProxyFailure.IsUnreachable(e) && Settings.Proxy.ProxyFor(request.RequestUri!) is string proxy)
            {
                var retries = options.RetryCount == 0 ? string.Empty : $" after {options.RetryCount} retries";
                throw new ApiException(ApiFailureKind.ProxyConnection, $"The proxy {proxy} could not be reached{retries}: {e.GetBaseException().Message}",
                    method, request.RequestUri!, requestId: options.RequestId, retryCount: options.RetryCount, innerException: e);
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
                code == 407 ? ProxyFailure.AuthenticationMessage(ProxyOf(request), options.Proxy.HasCredentials)
                    : $"{request.Method} {request.RequestUri} answered {code} {response.ReasonPhrase}{retries}: {what}",
                request.Method, request.RequestUri!, code, error?.Type, error?.Message, text, options.RequestId, options.RetryCount);
        }

        // The proxy a request went through, by its address when the module knows it.
        private static string ProxyOf(HttpRequestMessage request)
        {
            var proxy = RequestOptions.From(request).Proxy;
            return proxy.ProxyFor(request.RequestUri!) ?? proxy.ToString();
        }

        // Each parser gets the owner the request was for; a token remembers it.
        private static AccessToken ParseToken(byte[] body, TokenOwner owner) => AccessTokenJson.ParseToken(body).PlaceUnder(owner);

        private static SignInAnswer ParseSignIn(byte[] body, TokenOwner owner) => AccessTokenJson.ParseSignIn(body);

        private static bool ParseSuccess(byte[] body, TokenOwner owner)
        {
            AccessTokenJson.ParseSuccess(body);
            return true;
        }

        // One request whose whole answer is one JSON value: send, read, parse in one state machine.
        // Reading and parsing share one failure path: whatever goes wrong with the body becomes
        // an ApiException that names the request, never a bare parser or socket exception.
        private async Task<T> SendForBodyAsync<T>(HttpMethod method, Uri uri, byte[]? body, TokenOwner owner, Func<byte[], TokenOwner, T> parse,
            CancellationToken cancellationToken, bool authorize = true)
        {
            using var response = await SendAsync(method, uri, body, cancellationToken, authorize).ConfigureAwait(false);
            try
            {
                RequireJson(response);
                return parse(await ReadBoundedAsync(response, cancellationToken).ConfigureAwait(false), owner);
            }
            catch (Exception e) when (!(e is OperationCanceledException) || !cancellationToken.IsCancellationRequested)
            {
                throw DescribeBodyFailure(response, e);
            }
        }

        private static void RequireJson(HttpResponseMessage response)
        {
            var mediaType = AnswerHeaders.Of(response.Content).ContentType?.MediaType;
            if (mediaType == null) return;
            if (mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase)) return;
            throw new InvalidResponseException($"The answer is {mediaType}, not application/json.");
        }

        private static async Task<byte[]> ReadBoundedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
        {
            // A compressed body declares its compressed length: then the length read is unknown.
            var declared = ContentDecoding.IsEncoded(response.Content) ? null : AnswerHeaders.Of(response.Content).ContentLength;
            if (declared > MaxBodyBytes) throw TooLarge();
            using var stream = await ContentDecoding.OpenAsync(response.Content).ConfigureAwait(false);

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

        // The secret's characters exist only for the call, in an array cleared afterwards.
        private static T WithRevealed<T>(SecureString secret, Func<char[], T> use)
        {
            var characters = new char[secret.Length];
            var pointer = IntPtr.Zero;
            try
            {
                pointer = Marshal.SecureStringToGlobalAllocUnicode(secret);
                Marshal.Copy(pointer, characters, 0, characters.Length);
                return use(characters);
            }
            finally
            {
                if (pointer != IntPtr.Zero) Marshal.ZeroFreeGlobalAllocUnicode(pointer);
                Array.Clear(characters, 0, characters.Length);
            }
        }

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
