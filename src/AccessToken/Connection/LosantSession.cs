using System;
using System.Security;

namespace Losant.AccessTokens.Connection
{
    /// <summary>What Connect-Losant set as this PowerShell process's default connection.</summary>
    internal sealed class LosantSession
    {
        private static volatile LosantSession? _current;

        public LosantSession(Uri baseUri, Version apiVersion, SecureString apiToken, int? maxRetries, int? timeoutSec, ProxyChoice? proxy = null, string? signedInUser = null)
        {
            Proxy = proxy ?? new ProxyChoice();
            SignedInUser = signedInUser;
            BaseUri = baseUri;
            ApiVersion = apiVersion;
            ApiToken = apiToken;
            MaxRetries = maxRetries;
            TimeoutSec = timeoutSec;
        }

        public static LosantSession? Current
        {
            get => _current;
            set => _current = value;
        }

        public Uri BaseUri { get; }

        public Version ApiVersion { get; }

        /// <summary>The pace every call of the session keeps to: what one call learns of the rate limit paces the others too.</summary>
        public Http.RatePacer RatePacer { get; } = new Http.RatePacer();

        public SecureString ApiToken { get; }

        public int? MaxRetries { get; }

        public int? TimeoutSec { get; }

        /// <summary>What Connect-Losant said about the proxy; the calls of the session go that way unless they say otherwise.</summary>
        public ProxyChoice Proxy { get; }

        /// <summary>The email address of the user signed in with Connect-Losant -Credential; null for an API token.</summary>
        public string? SignedInUser { get; }
    }
}
