using System;
using System.Security;
using Losant.AccessTokens.Api;
using Losant.AccessTokens.Http;

namespace Losant.AccessTokens.Connection
{
    /// <summary>A connection with every setting decided, and which credential it uses.</summary>
    internal sealed class ResolvedConnection
    {
        public ResolvedConnection(Uri baseUri, Version apiVersion, SecureString? apiToken, string credentialIdentity, int maxRetries, int timeoutSec)
        {
            BaseUri = baseUri;
            ApiVersion = apiVersion;
            ApiToken = apiToken;
            CredentialIdentity = credentialIdentity;
            MaxRetries = maxRetries;
            TimeoutSec = timeoutSec;
        }

        public Uri BaseUri { get; }

        public Version ApiVersion { get; }

        /// <summary>Which shape of the token API the version has.</summary>
        public TokenContract Contract => ConnectionSettings.ContractOf(ApiVersion);

        /// <summary>The API token; null only for a connection that is about to sign in with a password.</summary>
        public SecureString? ApiToken { get; }

        /// <summary>
        /// Tells credentials apart without holding them: which source the token came from and, for
        /// a parameter or an environment variable, a hash of it. Caches key on this, never on the secret.
        /// </summary>
        public string CredentialIdentity { get; }

        public int MaxRetries { get; }

        public int TimeoutSec { get; }

        /// <summary>Where the token comes from: a parameter, the session, a sign-in, or the environment.</summary>
        public ConnectionSource TokenSource { get; set; }

        /// <summary>The user signed in with Connect-Losant -Credential whose token this is; null for an API token.</summary>
        public string? SignedInUser { get; set; }

        /// <summary>The proxy requests go through, with its credentials.</summary>
        public ProxySettings Proxy { get; set; } = ProxySettings.Direct;

        /// <summary>Where the proxy setting comes from.</summary>
        public ConnectionSource ProxySource { get; set; }

        /// <summary>The session's pacer when this is the session's connection; null for a connection of one call.</summary>
        public Http.RatePacer? SessionRatePacer { get; set; }

        public ConnectionSettings ToSettings() =>
            new ConnectionSettings(BaseUri, ApiToken ?? throw new InvalidOperationException("The connection has no API token."))
            {
                ApiVersion = ApiVersion,
                RatePacer = SessionRatePacer ?? new Http.RatePacer(),
                Proxy = Proxy,
                MaxRetries = MaxRetries,
                Timeout = TimeSpan.FromSeconds(TimeoutSec),
            };

        /// <summary>Settings with no API token, for signing in with a password.</summary>
        public ConnectionSettings ToSignInSettings() =>
            new ConnectionSettings(BaseUri) { ApiVersion = ApiVersion, Proxy = Proxy, MaxRetries = MaxRetries, Timeout = TimeSpan.FromSeconds(TimeoutSec) };
    }
}
