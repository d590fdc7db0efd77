using System;
using System.Management.Automation;

namespace Losant.AccessTokens.Connection
{
    /// <summary>What a command line, or Connect-Losant's session, says about the proxy; nothing at all by default.</summary>
    internal sealed class ProxyChoice
    {
        /// <summary>-Proxy: the proxy to go through.</summary>
        public Uri? Address { get; set; }

        /// <summary>-NoProxy: no proxy at all, whatever the environment says.</summary>
        public bool NoProxy { get; set; }

        /// <summary>-ProxyCredential: the user name and password for the proxy.</summary>
        public PSCredential? Credential { get; set; }

        /// <summary>-ProxyUseDefaultCredentials: the credentials of the account running PowerShell, for the proxy.</summary>
        public bool UseDefaultCredentials { get; set; }

        /// <summary>Whether it says which way requests go (a proxy, or none).</summary>
        public bool NamesRoute => Address != null || NoProxy;

        /// <summary>Whether it says which credentials the proxy gets.</summary>
        public bool NamesCredentials => Credential != null || UseDefaultCredentials;
    }
}
