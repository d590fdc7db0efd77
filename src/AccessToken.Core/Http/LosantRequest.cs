using System;
using System.Net.Http;

namespace Losant.AccessTokens.Http
{
    /// <summary>
    /// A request that carries its <see cref="RequestOptions"/> as a field. HttpRequestMessage's
    /// own property bag would do the same with a dictionary allocated for every request.
    /// </summary>
    internal sealed class LosantRequest : HttpRequestMessage
    {
        public LosantRequest(HttpMethod method, Uri requestUri, RequestOptions options)
            : base(method, requestUri) => Options = options;

        public RequestOptions Options { get; }
    }
}
