using System;
using System.Security;

namespace Losant.AccessTokens.Connection
{
    /// <summary>What one command line says about the connection; null wherever it says nothing.</summary>
    internal sealed class ConnectionOverrides
    {
        /// <summary>The API token given as a parameter.</summary>
        public SecureString? ApiToken { get; set; }

        /// <summary>The base URI given as a parameter.</summary>
        public Uri? BaseUri { get; set; }

        /// <summary>The API version given as a parameter, as typed.</summary>
        public string? ApiVersion { get; set; }

        /// <summary>The retries given as a parameter.</summary>
        public int? MaxRetries { get; set; }

        /// <summary>The per-try timeout, in seconds, given as a parameter.</summary>
        public int? TimeoutSec { get; set; }

        /// <summary>What the parameters say about the proxy.</summary>
        public ProxyChoice Proxy { get; set; } = new ProxyChoice();
    }
}
