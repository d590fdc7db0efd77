using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Security;
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
        private static readonly HttpMethod Patch = new HttpMethod("PATCH");

        private readonly ApiTransport _transport;
        private readonly string _baseAddress;
        private readonly TokenContract _contract;

        /// <summary>
        /// Creates a client for the given connection; <paramref name="observer"/> receives the request
        /// trace, and <paramref name="maxRequestsInFlight"/> (when above 0) caps the requests of this
        /// client on the wire at once, whatever number of operations are waiting to retry.
        /// </summary>
        public AccessTokenClient(ConnectionSettings settings, IRequestObserver? observer = null, int maxRequestsInFlight = 0)
        {
            Settings = settings ?? throw new ArgumentNullException(nameof(settings));
            _transport = new ApiTransport(settings, observer, maxRequestsInFlight);
            _baseAddress = settings.BaseUri.AbsoluteUri;
            _contract = settings.Contract;
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

            var filter = query.FilterParameters();
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
            return await ListReading.ReadAllAsync(listing.ReadNextAsync, token => token.ApplicationName = application.Name, cancellationToken).ConfigureAwait(false);
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
            var body = SecretText.WithRevealed(password, characters => AccessTokenJson.WriteSignIn(email, characters, twoFactorCode));
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
            AccessTokenRoutes.Page(_baseAddress, collection, flags.ToQueryString(), page, ListQuery.PageSize, filter);

        private async Task<Listing<T>> StreamAsync<T>(Uri uri, Func<System.IO.Stream, ListBodyReader<T>> reader, CancellationToken cancellationToken)
            where T : class
        {
            var response = await _transport.SendAsync(HttpMethod.Get, uri, null, cancellationToken, compressed: true).ConfigureAwait(false);
            try
            {
                AnswerBody.RequireJson(response);
                var stream = await ContentDecoding.OpenAsync(response.Content).ConfigureAwait(false);
                return new StreamedListing<T>(response, reader(stream), e => ApiFailures.FromBody(response, e));
            }
            catch (Exception e) when (!(e is OperationCanceledException))
            {
                response.Dispose();
                throw ApiFailures.FromBody(response, e);
            }
        }

        // A page is read whole before the next is handed out: pages in flight are small, and one
        // state machine per page, not per item, reads them.
        private async Task<Page<T>> ReadPageAsync<T>(Uri uri, Func<System.IO.Stream, ListBodyReader<T>> reader, Action<T>? place, CancellationToken cancellationToken)
            where T : class
        {
            using var response = await _transport.SendAsync(HttpMethod.Get, uri, null, cancellationToken, compressed: true).ConfigureAwait(false);
            try
            {
                AnswerBody.RequireJson(response);
                var list = reader(await ContentDecoding.OpenAsync(response.Content).ConfigureAwait(false));
                var items = await ListReading.ReadAllAsync(list.ReadNextAsync, place, cancellationToken).ConfigureAwait(false);
                return new Page<T>(items, list.TotalCount, list.PerPage);
            }
            catch (Exception e) when (!(e is OperationCanceledException) || !cancellationToken.IsCancellationRequested)
            {
                throw ApiFailures.FromBody(response, e);
            }
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
            using var response = await _transport.SendAsync(method, uri, body, cancellationToken, authorize).ConfigureAwait(false);
            try
            {
                AnswerBody.RequireJson(response);
                return parse(await AnswerBody.ReadAsync(response, cancellationToken).ConfigureAwait(false), owner);
            }
            catch (Exception e) when (!(e is OperationCanceledException) || !cancellationToken.IsCancellationRequested)
            {
                throw ApiFailures.FromBody(response, e);
            }
        }
    }
}
