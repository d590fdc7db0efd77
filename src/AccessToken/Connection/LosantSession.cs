using System;
using System.Security;

namespace Losant.AccessTokens.Connection
{
    /// <summary>What Connect-Losant set as this PowerShell process's default connection.</summary>
    internal sealed class LosantSession
    {
        private static volatile LosantSession? _current;

        public LosantSession(Uri baseUri, Version apiVersion, SecureString apiToken, int? maxRetries, int? timeoutSec)
        {
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
    }
}
