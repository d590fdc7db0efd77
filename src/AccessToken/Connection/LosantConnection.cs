using System;

namespace Losant.AccessTokens.Connection
{
    /// <summary>
    /// The connection a call uses, as Get-LosantConnection and Connect-Losant -PassThru show it:
    /// where it goes, how, and where each setting comes from. It holds no secret: neither the
    /// token nor the proxy's credentials, only whether there are any.
    /// </summary>
    public sealed class LosantConnection
    {
        internal LosantConnection(ResolvedConnection connection)
        {
            BaseUri = connection.BaseUri;
            ApiVersion = connection.ApiVersion.ToString(3);
            TokenSource = connection.TokenSource;
            SignedIn = connection.SignedInUser;
            MaxRetries = connection.MaxRetries;
            TimeoutSec = connection.TimeoutSec;
            var proxy = connection.Proxy;
            Proxy = proxy.ProxyFor(connection.BaseUri);
            ProxySource = connection.ProxySource;
            ProxyAuthentication = proxy.UseDefaultCredentials ? "DefaultCredentials" : proxy.Credential != null ? "Credential" : "None";
            ProxyBypass = new string[proxy.Bypass.Count];
            for (var i = 0; i < ProxyBypass.Length; i++) ProxyBypass[i] = proxy.Bypass[i];
        }

        /// <summary>The API's base URI.</summary>
        public Uri BaseUri { get; }

        /// <summary>The API version spoken, as major.minor.patch.</summary>
        public string ApiVersion { get; }

        /// <summary>Where the API token comes from: Parameter, Session, SignIn or Environment.</summary>
        public ConnectionSource TokenSource { get; }

        /// <summary>The email address of the user signed in with Connect-Losant -Credential; empty for an API token.</summary>
        public string? SignedIn { get; }

        /// <summary>Retries after a transient failure.</summary>
        public int MaxRetries { get; }

        /// <summary>Seconds each request may take.</summary>
        public int TimeoutSec { get; }

        /// <summary>The proxy requests to the base URI go through, as scheme://host:port (never with user information); empty when they go straight to it.</summary>
        public string? Proxy { get; }

        /// <summary>Where the proxy setting comes from: Parameter, Session, Environment, System (Windows), or Default (no proxy).</summary>
        public ConnectionSource ProxySource { get; }

        /// <summary>What the proxy is sent if it asks for credentials: None, Credential (a user name and password, never shown) or DefaultCredentials.</summary>
        public string ProxyAuthentication { get; }

        /// <summary>The destinations reached without the proxy, from NO_PROXY.</summary>
        public string[] ProxyBypass { get; }

        /// <summary>The base URI and API version, e.g. "https://api.losant.com/ (API 1.30.0)", and the proxy if any.</summary>
        public override string ToString() => $"{BaseUri} (API {ApiVersion})" + (Proxy == null ? string.Empty : " through " + Proxy);
    }
}
