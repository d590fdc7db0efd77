using System;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Http;
using System.Runtime.InteropServices;
using System.Security.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;

namespace Losant.AccessTokens.Http
{
    /// <summary>
    /// The one place an HttpClient is made. One DI container per process builds a pipeline per
    /// proxy setting, each a named client of the factory, which pools and recycles its connection
    /// handlers: connections stay alive across calls, DNS changes are still picked up, and a
    /// request never travels over a connection (or a proxy tunnel) made for another proxy or
    /// other proxy credentials.
    /// </summary>
    internal static class LosantHttpClientFactory
    {
        internal const string ClientName = "Losant";

        private static readonly Lazy<IHttpClientFactory> Factory = new Lazy<IHttpClientFactory>(Build);

        // The proxy of each named client. Keys hold no secret (ProxySettings.Key), and there is
        // one per distinct proxy setting a process uses.
        private static readonly ConcurrentDictionary<string, ProxySettings> ProxyOfClient = new ConcurrentDictionary<string, ProxySettings>(StringComparer.Ordinal);

        /// <summary>A client whose requests go the way <paramref name="proxy"/> says, over connections only that setting uses.</summary>
        public static HttpClient CreateClient(ProxySettings proxy)
        {
            if (proxy == null) throw new ArgumentNullException(nameof(proxy));
            var name = proxy.Mode == ProxyMode.Direct ? ClientName : ClientName + " " + proxy.Key;
            ProxyOfClient.TryAdd(name, proxy);
            return Factory.Value.CreateClient(name);
        }

        private static IHttpClientFactory Build()
        {
            var services = new ServiceCollection();
            services.AddHttpClient();
            services.ConfigureHttpClientDefaults(client => client
                .ConfigureHttpClient(http => http.Timeout = System.Threading.Timeout.InfiniteTimeSpan)
                .AddHttpMessageHandler(() => new ClientIdentityHandler())
                .AddHttpMessageHandler(() => new RetryHandler())
                .AddHttpMessageHandler(() => new TimeoutHandler())
                .AddHttpMessageHandler(() => new TracingHandler())
                .SetHandlerLifetime(TimeSpan.FromMinutes(5))
                // The factory's own logging would trace every request a second time, unredacted.
                .RemoveAllLoggers());
            // The primary handler depends on the client's name, which only the builder knows.
            services.ConfigureAll<HttpClientFactoryOptions>(options => options.HttpMessageHandlerBuilderActions.Add(
                builder => builder.PrimaryHandler = CreatePrimaryHandler(ProxyOfClient.TryGetValue(builder.Name ?? ClientName, out var proxy) ? proxy : ProxySettings.Direct)));
            return services.BuildServiceProvider().GetRequiredService<IHttpClientFactory>();
        }

        /// <summary>
        /// The TLS versions to offer. .NET (PowerShell 7) leaves the choice to the operating system.
        /// On .NET Framework the choice falls to ServicePointManager, which for powershell.exe (built
        /// for a framework older than 4.7) offers only SSL 3 and TLS 1.0 unless the machine was
        /// configured otherwise, and servers refuse both; there the module asks for TLS 1.2.
        /// </summary>
        internal static SslProtocols SslProtocolsFor(string frameworkDescription) =>
            frameworkDescription.StartsWith(".NET Framework", StringComparison.OrdinalIgnoreCase) ? SslProtocols.Tls12 : SslProtocols.None;

        /// <summary>The handler that sends requests and reads answers, below the module's own handlers.</summary>
        internal static HttpClientHandler CreatePrimaryHandler(ProxySettings proxy)
        {
            var handler = new HttpClientHandler
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
            switch (proxy.Mode)
            {
                case ProxyMode.Address:
                    handler.UseProxy = true;
                    handler.Proxy = new SettingsWebProxy(proxy);
                    break;
                case ProxyMode.System:
                    // The platform's default proxy; the module has read the environment itself already.
                    handler.UseProxy = true;
                    if (proxy.HasCredentials) handler.DefaultProxyCredentials = proxy.UseDefaultCredentials ? CredentialCache.DefaultCredentials : proxy.Credential;
                    break;
                default:
                    // Not even the platform's default proxy, which .NET reads from the environment once per process.
                    handler.UseProxy = false;
                    break;
            }

            return handler;
        }

        /// <summary>The proxy of <see cref="ProxySettings"/> as .NET asks for it.</summary>
        private sealed class SettingsWebProxy : IWebProxy
        {
            private readonly ProxySettings _settings;

            public SettingsWebProxy(ProxySettings settings)
            {
                _settings = settings;
                Credentials = settings.UseDefaultCredentials ? CredentialCache.DefaultCredentials : settings.Credential;
            }

            public ICredentials? Credentials { get; set; }

            public Uri GetProxy(Uri destination) => _settings.IsBypassed(destination) ? destination : _settings.Address!;

            public bool IsBypassed(Uri host) => _settings.IsBypassed(host);
        }
    }
}
