using System;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;

namespace Losant.AccessTokens.Http
{
    /// <summary>
    /// Tells the failures of a proxy from those of the API: a proxy that asks for credentials
    /// (407, as an answer or as a refused tunnel), and one that cannot be reached.
    /// </summary>
    internal static class ProxyFailure
    {
        private const int ProxyAuthenticationRequired = 407;

        /// <summary>
        /// True when the proxy refused to open a tunnel with 407. .NET reports it as an
        /// HttpRequestException whose StatusCode (.NET 5 and later) is 407; .NET Framework as a
        /// WebException whose response is the proxy's 407.
        /// </summary>
        public static bool IsAuthenticationRequired(Exception failure)
        {
            for (var e = failure; e != null; e = e.InnerException)
            {
                if (e is HttpRequestException http
                    && (StatusCodeOf(http) == ProxyAuthenticationRequired
                        // Where the tunnel's status is only in the message: "... failed with status code '407'."
                        || (IsTunnelFailure(http) && http.Message.IndexOf("'407'", StringComparison.Ordinal) >= 0))) return true;
                if (e is WebException web && web.Response is HttpWebResponse response && (int)response.StatusCode == ProxyAuthenticationRequired) return true;
            }

            return false;
        }

        /// <summary>
        /// True when the connection to the proxy itself could not be made (through a proxy, every
        /// connection the client opens goes to the proxy), as opposed to a tunnel the proxy refused.
        /// </summary>
        public static bool IsUnreachable(Exception failure)
        {
            if (IsTunnelFailure(failure)) return false;
            for (var e = failure; e != null; e = e.InnerException)
            {
                if (e is SocketException) return true;
                if (e is WebException web && (web.Status == WebExceptionStatus.ConnectFailure || web.Status == WebExceptionStatus.ProxyNameResolutionFailure)) return true;
            }

            return false;
        }

        /// <summary>The message of a 407: names the proxy, says whether credentials were refused or missing; never a credential.</summary>
        public static string AuthenticationMessage(string proxy, bool credentialsGiven) =>
            $"The proxy {proxy} answered 407 Proxy Authentication Required: " +
            (credentialsGiven ? "it did not accept the credentials given." : "it asks for credentials, and none were given.") +
            " Nothing reached the API.";

        // HttpRequestException.StatusCode and HttpRequestError exist from .NET 5 and .NET 8 on; this assembly targets netstandard2.0.
        private static int? StatusCodeOf(HttpRequestException failure)
        {
            var value = typeof(HttpRequestException).GetProperty("StatusCode")?.GetValue(failure);
            return value is HttpStatusCode code ? (int)code : (int?)null;
        }

        private static bool IsTunnelFailure(Exception failure)
        {
            for (var e = failure; e != null; e = e.InnerException)
            {
                if (e is HttpRequestException http && IsTunnelFailure(http)) return true;
            }

            return false;
        }

        private static bool IsTunnelFailure(HttpRequestException failure) =>
            string.Equals(typeof(HttpRequestException).GetProperty("HttpRequestError")?.GetValue(failure)?.ToString(), "ProxyTunnelError", StringComparison.Ordinal);
    }
}
