using System;
using System.Net;
using System.Net.Http;
using System.Runtime.InteropServices;
using System.Security.Authentication;
using Microsoft.Extensions.DependencyInjection;

namespace Losant.AccessTokens.Http
{
    /// <summary>
    /// The one place an HttpClient is made. One DI container per process builds the named
    /// client's pipeline once; the factory pools and recycles its connection handlers, so
    /// connections stay alive across calls and DNS changes are still picked up.
    /// </summary>
    internal static class LosantHttpClientFactory
    {
        internal const string ClientName = "Losant";

        private static readonly Lazy<IHttpClientFactory> Factory = new Lazy<IHttpClientFactory>(Build);

        public static HttpClient CreateClient() => Factory.Value.CreateClient(ClientName);

        /// <summary>The handler that sends requests and reads answers, below the module's own handlers.</summary>
        internal static HttpClientHandler CreatePrimaryHandler() => new HttpClientHandler
        {
            // A redirect would resend the Authorization header to wherever it points.
            AllowAutoRedirect = false,
            // Off: ContentDecoding decodes compressed answers, and only lists ask for them.
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            // The platform's own verdict, with the reason recorded for the error (never relaxed).
            ServerCertificateCustomValidationCallback = CertificateCheck.Validate,
            SslProtocols = SslProtocolsFor(RuntimeInformation.FrameworkDescription),
            // -ThrottleLimit decides how many requests are on the wire. .NET sets no limit of its
            // own; .NET Framework (Windows PowerShell 5.1) would allow two connections to a host.
            MaxConnectionsPerServer = int.MaxValue,
        };

        /// <summary>
        /// The TLS versions to offer. .NET (PowerShell 7) leaves the choice to the operating system.
        /// On .NET Framework the choice falls to ServicePointManager, which for powershell.exe (built
        /// for a framework older than 4.7) offers only SSL 3 and TLS 1.0 unless the machine was
        /// configured otherwise, and servers refuse both; there the module asks for TLS 1.2.
        /// </summary>
        internal static SslProtocols SslProtocolsFor(string frameworkDescription) =>
            frameworkDescription.StartsWith(".NET Framework", StringComparison.OrdinalIgnoreCase) ? SslProtocols.Tls12 : SslProtocols.None;

        private static IHttpClientFactory Build()
        {
            var services = new ServiceCollection();
            services.AddHttpClient(ClientName, client => client.Timeout = System.Threading.Timeout.InfiniteTimeSpan)
                .ConfigurePrimaryHttpMessageHandler(CreatePrimaryHandler)
                .AddHttpMessageHandler(() => new ClientIdentityHandler())
                .AddHttpMessageHandler(() => new RetryHandler())
                .AddHttpMessageHandler(() => new TimeoutHandler())
                .AddHttpMessageHandler(() => new TracingHandler())
                .SetHandlerLifetime(TimeSpan.FromMinutes(5))
                // The factory's own logging would trace every request a second time, unredacted.
                .RemoveAllLoggers();
            return services.BuildServiceProvider().GetRequiredService<IHttpClientFactory>();
        }
    }
}
