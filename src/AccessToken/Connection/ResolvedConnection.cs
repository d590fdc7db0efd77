using System;
using System.Security;
using Losant.AccessTokens.Api;

namespace Losant.AccessTokens.Connection
{
    /// <summary>A connection with every setting decided, and which credential it uses.</summary>
    internal sealed class ResolvedConnection
    {
        public ResolvedConnection(Uri baseUri, SecureString apiToken, string credentialIdentity, int maxRetries, int timeoutSec)
        {
            BaseUri = baseUri;
            ApiToken = apiToken;
            CredentialIdentity = credentialIdentity;
            MaxRetries = maxRetries;
            TimeoutSec = timeoutSec;
        }

        public Uri BaseUri { get; }

        public SecureString ApiToken { get; }

        /// <summary>
        /// Tells credentials apart without holding them: which source the token came from and, for
        /// a parameter or an environment variable, a hash of it. Caches key on this, never on the secret.
        /// </summary>
        public string CredentialIdentity { get; }

        public int MaxRetries { get; }

        public int TimeoutSec { get; }

        public ConnectionSettings ToSettings() =>
            new ConnectionSettings(BaseUri, ApiToken) { MaxRetries = MaxRetries, Timeout = TimeSpan.FromSeconds(TimeoutSec) };
    }
}
