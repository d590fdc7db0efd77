using System;
using System.Net.Http;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;

namespace Losant.AccessTokens.Http
{
    /// <summary>
    /// Outermost handler: names the client and tags the logical request with an id that stays
    /// the same across its retries, so a support case can find every try on the server.
    /// </summary>
    internal sealed class ClientIdentityHandler : DelegatingHandler
    {
        internal const string RequestIdHeader = "X-Request-Id";

        internal static readonly string UserAgent =
            "AccessToken-PowerShell/" +
            (typeof(ClientIdentityHandler).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion?.Split('+')[0] ?? "0.0.0") +
            " (" + RuntimeInformation.FrameworkDescription + "; " + RuntimeInformation.OSDescription.Trim() + ")";

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
            var options = RequestOptions.From(request);
            if (string.IsNullOrEmpty(options.RequestId)) options.RequestId = Guid.NewGuid().ToString("D");
            request.Headers.TryAddWithoutValidation(RequestIdHeader, options.RequestId);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
