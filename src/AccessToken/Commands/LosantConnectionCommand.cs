using System;
using System.Management.Automation;
using Losant.AccessTokens.Connection;

namespace Losant.AccessTokens.Commands
{
    /// <summary>
    /// The connection settings a command line can give, declared once for Connect-Losant and
    /// every API cmdlet. The API token is declared by each, because Connect-Losant requires it.
    /// </summary>
    public abstract class LosantConnectionCommand : PSCmdlet
    {
        /// <summary>The API's base URI, instead of the session's or LOSANT_API_URL; https://api.losant.com by default.</summary>
        [Parameter]
        [ValidateNotNull]
        public Uri? BaseUri { get; set; }

        /// <summary>Retries after a transient failure (429, 5xx, broken connection); 3 by default.</summary>
        [Parameter]
        [ValidateRange(0, 10)]
        public int MaxRetries { get; set; }

        /// <summary>Seconds each request may take, to the last byte of the answer; 100 by default.</summary>
        [Parameter]
        [ValidateRange(1, 86400)]
        public int TimeoutSec { get; set; }

        /// <summary>The API version to speak, e.g. 1.30.0 (today's API, the default) or 1.3.7 (the /access-tokens API).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ApiVersion { get; set; }

        /// <summary>The proxy to send requests through, e.g. http://proxy.example.com:8080, instead of the session's or HTTPS_PROXY's.</summary>
        [Parameter]
        [ValidateNotNull]
        public Uri? Proxy { get; set; }

        /// <summary>The user name and password the proxy asks for (Basic, NTLM, Negotiate); never shown.</summary>
        [Parameter]
        [ValidateNotNull]
        [Credential]
        public PSCredential? ProxyCredential { get; set; }

        /// <summary>Sends the proxy the credentials of the account running PowerShell (NTLM or Kerberos, on Windows).</summary>
        [Parameter]
        public SwitchParameter ProxyUseDefaultCredentials { get; set; }

        /// <summary>Sends requests straight to the API, through no proxy, whatever the session and HTTPS_PROXY say.</summary>
        [Parameter]
        public SwitchParameter NoProxy { get; set; }

        /// <summary>What this command line says about the connection, with <paramref name="apiToken"/> as its token.</summary>
        internal ConnectionOverrides GivenConnection(System.Security.SecureString? apiToken) => new ConnectionOverrides
        {
            ApiToken = apiToken,
            BaseUri = BaseUri,
            ApiVersion = ApiVersion,
            MaxRetries = IsBound(nameof(MaxRetries)) ? MaxRetries : (int?)null,
            TimeoutSec = IsBound(nameof(TimeoutSec)) ? TimeoutSec : (int?)null,
            Proxy = new ProxyChoice
            {
                Address = Proxy,
                NoProxy = NoProxy.IsPresent,
                Credential = ProxyCredential,
                UseDefaultCredentials = ProxyUseDefaultCredentials.IsPresent,
            },
        };

        /// <summary>
        /// The connection a call with this command line would use, decided by the cmdlets' one
        /// resolver; when none can be had (no token, an unsafe base URI, a bad proxy), the command stops.
        /// </summary>
        internal ResolvedConnection ResolveConnection(System.Security.SecureString? apiToken)
        {
            try
            {
                return ConnectionResolver.Resolve(GivenConnection(apiToken), LosantSession.Current);
            }
            catch (Errors.ErrorRecordException refused)
            {
                ThrowTerminatingError(refused.Record);
                throw;
            }
        }

        /// <summary>Whether the parameter was given on the command line.</summary>
        protected bool IsBound(string parameterName) => MyInvocation.BoundParameters.ContainsKey(parameterName);

        /// <summary>Whether a switch was given, and how; null when it was not given at all.</summary>
        protected bool? BoundSwitch(string name) =>
            MyInvocation.BoundParameters.TryGetValue(name, out var value) && value is SwitchParameter set ? set.IsPresent : (bool?)null;
    }
}
