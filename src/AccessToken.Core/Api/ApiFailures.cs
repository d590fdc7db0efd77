using System;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Losant.AccessTokens.Http;
using Losant.AccessTokens.Json;

namespace Losant.AccessTokens.Api
{
    /// <summary>
    /// Turns whatever goes wrong with a request into the <see cref="ApiException"/> that names it:
    /// a failure of the transport, an answer with a failing status, a body that cannot be read.
    /// </summary>
    internal static class ApiFailures
    {
        /// <summary>" after N retries" when the request was retried, for the end of a message; empty otherwise.</summary>
        public static string AfterRetries(int retryCount) => retryCount == 0 ? string.Empty : $" after {retryCount} retries";

        /// <summary>
        /// The failure of sending <paramref name="request"/> or reading its headers; null for an
        /// exception that is not the transport's (or a cancellation the caller asked for), which goes on as it is.
        /// </summary>
        public static ApiException? FromTransport(Exception e, HttpRequestMessage request, RequestOptions options, ProxySettings proxy, CancellationToken cancellationToken)
        {
            var method = request.Method;
            var uri = request.RequestUri!;
            if (e is TimeoutException)
            {
                return new ApiException(ApiFailureKind.Timeout, e.Message, method, uri, requestId: options.RequestId, retryCount: options.RetryCount, innerException: e);
            }

            if (cancellationToken.IsCancellationRequested) return null;
            if (RetryHandler.IsCertificateFailure(e))
            {
                return new ApiException(ApiFailureKind.Certificate,
                    $"{method} {uri} was not sent: " + (options.CertificateProblem ?? e.GetBaseException().Message),
                    method, uri, requestId: options.RequestId, retryCount: options.RetryCount, innerException: e);
            }

            if (ProxyFailure.IsAuthenticationRequired(e))
            {
                return new ApiException(ApiFailureKind.ProxyAuthentication, ProxyFailure.AuthenticationMessage(ProxyOf(request), proxy.HasCredentials),
                    method, uri, statusCode: 407, requestId: options.RequestId, retryCount: options.RetryCount, innerException: e);
            }

            var broken = e is HttpRequestException || e is IOException;
            if (broken && ProxyFailure.IsUnreachable(e) && proxy.ProxyFor(uri) is string address)
            {
                return new ApiException(ApiFailureKind.ProxyConnection, $"The proxy {address} could not be reached{AfterRetries(options.RetryCount)}: {e.GetBaseException().Message}",
                    method, uri, requestId: options.RequestId, retryCount: options.RetryCount, innerException: e);
            }

            if (broken || e is OperationCanceledException)
            {
                return new ApiException(ApiFailureKind.Connection,
                    $"{method} {uri} failed{AfterRetries(options.RetryCount)}: {e.GetBaseException().Message}",
                    method, uri, requestId: options.RequestId, retryCount: options.RetryCount, innerException: e);
            }

            return null;
        }

        /// <summary>The failure an answer with a failing status describes, with the API's own error when its body has one.</summary>
        public static async Task<Exception> FromStatusAsync(HttpResponseMessage response, RequestOptions options, CancellationToken cancellationToken)
        {
            var request = response.RequestMessage!;
            var code = (int)response.StatusCode;
            string? text = null;
            (string? Type, string? Message)? error = null;
            try
            {
                var body = await AnswerBody.ReadAsync(response, cancellationToken).ConfigureAwait(false);
                error = AccessTokenJson.TryParseError(body);
                text = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, ApiException.MaxKeptBodyLength + 1));
            }
            catch (Exception e) when (!(e is OperationCanceledException) || !cancellationToken.IsCancellationRequested)
            {
                // The status already says what failed; an unreadable error body only loses detail.
            }

            var what = error?.Message ?? (string.IsNullOrWhiteSpace(text) ? "no details were given" : "the answer was not the API's JSON error");
            return new ApiException(
                ApiFailureKind.HttpStatus,
                code == 407 ? ProxyFailure.AuthenticationMessage(ProxyOf(request), options.Proxy.HasCredentials)
                    : $"{request.Method} {request.RequestUri} answered {code} {response.ReasonPhrase}{AfterRetries(options.RetryCount)}: {what}",
                request.Method, request.RequestUri!, code, error?.Type, error?.Message, text, options.RequestId, options.RetryCount);
        }

        // The proxy a request went through, by its address when the module knows it.
        private static string ProxyOf(HttpRequestMessage request)
        {
            var proxy = RequestOptions.From(request).Proxy;
            return proxy.ProxyFor(request.RequestUri!) ?? proxy.ToString();
        }

        /// <summary>The failure of reading or parsing the body of an answer whose status was fine.</summary>
        public static ApiException FromBody(HttpResponseMessage response, Exception failure)
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
    }
}
