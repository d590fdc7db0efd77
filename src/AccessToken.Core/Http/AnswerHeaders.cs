using System.Net.Http;
using System.Net.Http.Headers;

namespace Losant.AccessTokens.Http
{
    /// <summary>
    /// The headers of an answer's body (Content-Type, Content-Length, Content-Encoding), as the
    /// server sent them: a body with a deadline (see <see cref="TimeoutHandler"/>) leaves them on
    /// the content it wraps.
    /// </summary>
    internal static class AnswerHeaders
    {
        /// <summary>The body headers of <paramref name="content"/>, wherever they are kept.</summary>
        public static HttpContentHeaders Of(HttpContent content) =>
            content is TimeoutHandler.DeadlineContent deadline ? deadline.InnerHeaders : content.Headers;
    }
}
