using System;
using System.Management.Automation;
using System.Net;
using System.Runtime.InteropServices;
using Losant.AccessTokens.Api;
using Losant.AccessTokens.Errors;
using Losant.AccessTokens.Http;

namespace Losant.AccessTokens.Connection
{
    /// <summary>
    /// The proxy part of <see cref="ConnectionResolver"/>: which way requests go, from the command
    /// line, then the session, then the environment (HTTPS_PROXY, HTTP_PROXY, ALL_PROXY and
    /// NO_PROXY, in lower or upper case, as curl and .NET read them), then Windows' system proxy,
    /// then none. The environment is read at every call, so a change to $env:HTTPS_PROXY counts
    /// from the next command on.
    /// </summary>
    internal static class ProxyResolver
    {
        /// <summary>Refuses combinations of proxy parameters that contradict each other; nothing has been sent then.</summary>
        public static void Check(ProxyChoice given)
        {
            string? conflict = null;
            if (given.NoProxy && given.Address != null) conflict = "-NoProxy and -Proxy";
            else if (given.NoProxy && given.NamesCredentials) conflict = given.Credential != null ? "-NoProxy and -ProxyCredential" : "-NoProxy and -ProxyUseDefaultCredentials";
            else if (given.Credential != null && given.UseDefaultCredentials) conflict = "-ProxyCredential and -ProxyUseDefaultCredentials";
            if (conflict != null)
            {
                throw new ErrorRecordException(ErrorRecordFactory.Create(
                    new ArgumentException($"{conflict} cannot be given together: -NoProxy sends requests straight to the API, and a proxy gets one kind of credentials."),
                    "ProxyParametersConflict", ErrorCategory.InvalidArgument, conflict,
                    "Give -Proxy (with -ProxyCredential or -ProxyUseDefaultCredentials if it asks for credentials), or -NoProxy alone."));
            }

            if (given.Address != null && !ProxySettings.IsProxyAddress(given.Address))
            {
                var shown = given.Address.IsAbsoluteUri && !string.IsNullOrEmpty(given.Address.Host) ? ProxySettings.Display(given.Address) : "the value given";
                throw new ErrorRecordException(ErrorRecordFactory.Create(
                    new ArgumentException($"-Proxy is not a proxy address ({shown}): give an absolute http://, https:// or socks5:// URI such as http://proxy.example.com:8080."),
                    "InvalidProxy", ErrorCategory.InvalidArgument, shown,
                    "Give -Proxy as scheme://host:port."));
            }
        }

        /// <summary>The proxy for requests to <paramref name="baseUri"/>, and where it comes from; <paramref name="given"/> has passed <see cref="Check"/>.</summary>
        public static (ProxySettings Proxy, ConnectionSource Source) Resolve(ProxyChoice given, ProxyChoice? session, Uri baseUri)
        {
            if (given.NoProxy) return (ProxySettings.Direct, ConnectionSource.Parameter);
            if (given.Address != null) return (Through(given.Address, given.NamesCredentials ? given : null, null), ConnectionSource.Parameter);

            // Credentials given without an address go to the proxy the session or the environment names.
            var credentials = given.NamesCredentials ? given : session != null && session.NamesCredentials ? session : null;
            if (session != null && session.NoProxy) return (ProxySettings.Direct, ConnectionSource.Session);
            if (session?.Address != null)
            {
                return (Through(session.Address, credentials, null), ConnectionSource.Session);
            }

            var variable = ProxyVariable(baseUri, out var text);
            if (variable != null)
            {
                var address = ParseVariable(variable, text!);
                return (Through(address, credentials, BypassList()), ConnectionSource.Environment);
            }

            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                return (ProxySettings.SystemProxy(credentials != null ? Credentials(credentials) : null, credentials?.UseDefaultCredentials ?? false), ConnectionSource.System);
            }

            return (ProxySettings.Direct, ConnectionSource.Default);
        }

        // The proxy at the address, with the credentials a command line or session names, else with
        // those written into the address.
        private static ProxySettings Through(Uri address, ProxyChoice? credentials, string[]? bypass)
        {
            var useDefaultCredentials = credentials?.UseDefaultCredentials ?? false;
            var credential = credentials != null ? Credentials(credentials) : CredentialsIn(address);
            return ProxySettings.Through(address, useDefaultCredentials ? null : credential, useDefaultCredentials, bypass);
        }

        private static NetworkCredential? Credentials(ProxyChoice choice)
        {
            var credential = choice.Credential;
            if (credential == null) return null;
            // DOMAIN\user, as Get-Credential takes it, is a user of a domain for NTLM and Negotiate.
            var name = credential.UserName ?? string.Empty;
            var slash = name.IndexOf('\\');
            return slash > 0
                ? new NetworkCredential(name.Substring(slash + 1), credential.Password, name.Substring(0, slash))
                : new NetworkCredential(name, credential.Password);
        }

        // http://user:password@proxy:8080, as HTTPS_PROXY often carries them; percent-escapes are undone.
        private static NetworkCredential? CredentialsIn(Uri address)
        {
            var userInfo = address.UserInfo;
            if (string.IsNullOrEmpty(userInfo)) return null;
            var colon = userInfo.IndexOf(':');
            var user = Uri.UnescapeDataString(colon < 0 ? userInfo : userInfo.Substring(0, colon));
            var password = colon < 0 ? string.Empty : Uri.UnescapeDataString(userInfo.Substring(colon + 1));
            return new NetworkCredential(user, password);
        }

        // The variable for the base URI's scheme, else ALL_PROXY; lower case first, as curl and .NET read them.
        private static string? ProxyVariable(Uri baseUri, out string? value)
        {
            var names = baseUri.Scheme == Uri.UriSchemeHttps
                ? new[] { "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY" }
                : new[] { "http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY" };
            foreach (var name in names)
            {
                value = Environment.GetEnvironmentVariable(name)?.Trim();
                if (!string.IsNullOrEmpty(value)) return name;
            }

            value = null;
            return null;
        }

        private static Uri ParseVariable(string variable, string text)
        {
            // A bare host:port means an HTTP proxy, as curl and .NET take it.
            var withScheme = text.IndexOf("://", StringComparison.Ordinal) < 0 ? "http://" + text : text;
            if (Uri.TryCreate(withScheme, UriKind.Absolute, out var address) && ProxySettings.IsProxyAddress(address)) return address;

            // The value may hold a password: the message names the variable only.
            throw new ErrorRecordException(ErrorRecordFactory.Create(
                new ArgumentException($"The environment variable {variable} is not a proxy address: give scheme://host:port, such as http://proxy.example.com:8080."),
                "InvalidProxy", ErrorCategory.InvalidArgument, variable,
                $"Correct {variable}, or give -NoProxy or -Proxy to leave it aside."));
        }

        private static string[] BypassList()
        {
            var text = Environment.GetEnvironmentVariable("no_proxy");
            if (string.IsNullOrWhiteSpace(text)) text = Environment.GetEnvironmentVariable("NO_PROXY");
            return string.IsNullOrWhiteSpace(text) ? new string[0] : text!.Split(',');
        }
    }
}
