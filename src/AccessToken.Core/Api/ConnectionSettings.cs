using System;
using System.Net;
using System.Security;
using Losant.AccessTokens.Http;

namespace Losant.AccessTokens.Api
{
    /// <summary>Where and how to reach the API: base URI, API token, proxy, retries and timeout.</summary>
    public sealed class ConnectionSettings
    {
        private Version _apiVersion = DefaultApiVersion;
        private ProxySettings _proxy = ProxySettings.Direct;

        /// <summary>The public Losant API.</summary>
        public static readonly Uri DefaultBaseUri = new Uri("https://api.losant.com/");

        /// <summary>Retries made after a transient failure unless told otherwise.</summary>
        public const int DefaultMaxRetries = 3;

        /// <summary>Seconds a request may take unless told otherwise.</summary>
        public const int DefaultTimeoutSeconds = 100;

        /// <summary>The API version spoken unless told otherwise: today's API.</summary>
        public static readonly Version DefaultApiVersion = new Version(1, 30, 0);

        /// <summary>The first API version with user, application and instance tokens at their owners' <c>/tokens</c>.</summary>
        public static readonly Version FirstApiTokensVersion = new Version(1, 5, 0);

        /// <summary>Creates settings; the base URI must pass <see cref="IsSafeBaseUri"/>.</summary>
        public ConnectionSettings(Uri baseUri, SecureString apiToken)
            : this(baseUri)
        {
            ApiToken = apiToken ?? throw new ArgumentNullException(nameof(apiToken));
        }

        /// <summary>Creates settings without an API token: enough only to sign in with a password.</summary>
        public ConnectionSettings(Uri baseUri)
        {
            if (baseUri == null) throw new ArgumentNullException(nameof(baseUri));
            if (!IsSafeBaseUri(baseUri))
            {
                throw new ArgumentException(
                    $"The base URI '{baseUri}' is not an absolute HTTPS URI (plain HTTP is allowed only to this computer).",
                    nameof(baseUri));
            }

            // A trailing slash makes relative routes append to the path instead of replacing its last segment.
            BaseUri = baseUri.AbsoluteUri.EndsWith("/", StringComparison.Ordinal) ? baseUri : new Uri(baseUri.AbsoluteUri + "/");
        }

        /// <summary>The API's base URI, always ending in a slash.</summary>
        public Uri BaseUri { get; }

        /// <summary>The API token sent as the bearer credential; null only for signing in.</summary>
        public SecureString? ApiToken { get; }

        /// <summary>The API version asked for in every request's <c>Accept-Version</c>; major.minor.patch.</summary>
        public Version ApiVersion
        {
            get => _apiVersion;
            set => _apiVersion = value == null ? throw new ArgumentNullException(nameof(value)) : Normalize(value);
        }

        /// <summary>Which shape of the token API this version has.</summary>
        public TokenContract Contract => ContractOf(ApiVersion);

        /// <summary>The contract an API version speaks: <see cref="TokenContract.AccessTokens"/> below 1.5, <see cref="TokenContract.ApiTokens"/> from 1.5 on.</summary>
        public static TokenContract ContractOf(Version apiVersion) =>
            apiVersion < FirstApiTokensVersion ? TokenContract.AccessTokens : TokenContract.ApiTokens;

        /// <summary>The <c>Accept-Version</c> header's value, as the official clients send it: <c>^</c> and the version.</summary>
        public string AcceptVersion => "^" + ApiVersion.ToString(3);

        /// <summary>Retries after a transient failure (429, 502, 503, 504, broken connections).</summary>
        public int MaxRetries { get; set; } = DefaultMaxRetries;

        /// <summary>How long one try may take, from sending to the last byte of the answer.</summary>
        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(DefaultTimeoutSeconds);

        /// <summary>
        /// The pace every request of this connection keeps to; one pacer for all the requests that
        /// share a connection (a session, or one call), so that what one learns of the rate limit
        /// paces them all.
        /// </summary>
        public RatePacer RatePacer { get; set; } = new RatePacer();

        /// <summary>The proxy requests go through, with its credentials; none unless set.</summary>
        public ProxySettings Proxy
        {
            get => _proxy;
            set => _proxy = value ?? throw new ArgumentNullException(nameof(value));
        }

        /// <summary>The first backoff delay; each retry doubles it, with jitter.</summary>
        public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

        /// <summary>The longest wait before a retry, whatever Retry-After asks for.</summary>
        public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>
        /// Reads an API version written as major.minor or major.minor.patch (e.g. <c>1.30.0</c>);
        /// false for anything else.
        /// </summary>
        public static bool TryParseApiVersion(string? text, out Version version)
        {
            version = DefaultApiVersion;
            if (string.IsNullOrWhiteSpace(text)) return false;
            var parts = text!.Trim().Split('.');
            if (parts.Length < 2 || parts.Length > 3) return false;
            var numbers = new int[3];
            for (var i = 0; i < parts.Length; i++)
            {
                if (parts[i].Length == 0 || parts[i].Length > 6) return false;
                foreach (var c in parts[i]) if (c < '0' || c > '9') return false;
                numbers[i] = int.Parse(parts[i], System.Globalization.CultureInfo.InvariantCulture);
            }

            version = new Version(numbers[0], numbers[1], numbers[2]);
            return true;
        }

        private static Version Normalize(Version version) => new Version(version.Major, version.Minor, Math.Max(version.Build, 0));

        /// <summary>
        /// True for absolute HTTPS URIs, and for HTTP only to a loopback host: the API token
        /// travels in a header and must not cross a network in clear text.
        /// </summary>
        public static bool IsSafeBaseUri(Uri uri)
        {
            if (uri == null || !uri.IsAbsoluteUri) return false;
            if (uri.Scheme == Uri.UriSchemeHttps) return true;
            if (uri.Scheme != Uri.UriSchemeHttp) return false;
            if (string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase)) return true;
            return IPAddress.TryParse(uri.DnsSafeHost, out var address) && IPAddress.IsLoopback(address);
        }
    }
}
