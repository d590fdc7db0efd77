using System;
using System.Net;
using System.Security;

namespace Losant.AccessTokens.Api
{
    /// <summary>Where and how to reach the API: base URI, API token, retries and timeout.</summary>
    public sealed class ConnectionSettings
    {
        /// <summary>The public Losant API.</summary>
        public static readonly Uri DefaultBaseUri = new Uri("https://api.losant.com/");

        /// <summary>Retries made after a transient failure unless told otherwise.</summary>
        public const int DefaultMaxRetries = 3;

        /// <summary>Seconds a request may take unless told otherwise.</summary>
        public const int DefaultTimeoutSeconds = 100;

        /// <summary>Creates settings; the base URI must pass <see cref="IsSafeBaseUri"/>.</summary>
        public ConnectionSettings(Uri baseUri, SecureString apiToken)
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
            ApiToken = apiToken ?? throw new ArgumentNullException(nameof(apiToken));
        }

        /// <summary>The API's base URI, always ending in a slash.</summary>
        public Uri BaseUri { get; }

        /// <summary>The API token sent as the bearer credential.</summary>
        public SecureString ApiToken { get; }

        /// <summary>Retries after a transient failure (429, 502, 503, 504, broken connections).</summary>
        public int MaxRetries { get; set; } = DefaultMaxRetries;

        /// <summary>How long one try may take, from sending to the last byte of the answer.</summary>
        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(DefaultTimeoutSeconds);

        /// <summary>The first backoff delay; each retry doubles it, with jitter.</summary>
        public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

        /// <summary>The longest wait before a retry, whatever Retry-After asks for.</summary>
        public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

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
