using System;
using System.Management.Automation;
using System.Runtime.CompilerServices;
using System.Security;
using Losant.AccessTokens.Api;
using Losant.AccessTokens.Errors;

namespace Losant.AccessTokens.Connection
{
    /// <summary>
    /// The one place a connection is decided, for the cmdlets, tab completion and Connect-Losant
    /// alike. Each setting comes from the command line, then Connect-Losant's session, then the
    /// environment (for runbooks), then the default; the proxy's are decided by <see cref="ProxyResolver"/>.
    /// </summary>
    internal static class ConnectionResolver
    {
        /// <summary>Environment variable read for the API token when no other is given.</summary>
        public const string ApiTokenVariable = "LOSANT_API_TOKEN";

        /// <summary>Environment variable read for the base URI when no other is given.</summary>
        public const string BaseUriVariable = "LOSANT_API_URL";

        /// <summary>Environment variable read for the API version when no other is given.</summary>
        public const string ApiVersionVariable = "LOSANT_API_VERSION";

        /// <summary>
        /// Decides the connection. Throws <see cref="ErrorRecordException"/> when there is no
        /// token, when LOSANT_API_URL is not a URI, or when the base URI would send the token in
        /// clear text over a network; nothing has been sent then.
        /// </summary>
        public static ResolvedConnection Resolve(ConnectionOverrides given, LosantSession? session) =>
            Resolve(given, session, requireToken: true);

        /// <summary>
        /// Decides everything but the token, for Connect-Losant -Credential, which signs in to get one.
        /// Refuses what <see cref="Resolve(ConnectionOverrides, LosantSession)"/> refuses, a missing token apart.
        /// </summary>
        public static ResolvedConnection ResolveForSignIn(ConnectionOverrides given) =>
            Resolve(given, session: null, requireToken: false);

        private static ResolvedConnection Resolve(ConnectionOverrides given, LosantSession? session, bool requireToken)
        {
            // Contradicting proxy parameters are refused first: they are a mistake on the command line itself.
            ProxyResolver.Check(given.Proxy);
            string identity;
            ConnectionSource tokenSource;
            var token = given.ApiToken;
            if (token != null)
            {
                identity = "parameter#" + RuntimeHelpers.GetHashCode(token);
                tokenSource = ConnectionSource.Parameter;
            }
            else if (session != null)
            {
                // Only Connect-Losant and Disconnect-Losant change the session, and both empty the caches keyed on it.
                token = session.ApiToken;
                identity = "session";
                tokenSource = session.SignedInUser != null ? ConnectionSource.SignIn : ConnectionSource.Session;
            }
            else
            {
                var text = Environment.GetEnvironmentVariable(ApiTokenVariable)?.Trim();
                token = string.IsNullOrEmpty(text) ? null : ToSecureString(text!);
                identity = "environment#" + text?.GetHashCode();
                tokenSource = token == null ? ConnectionSource.Default : ConnectionSource.Environment;
            }

            if (requireToken && (token == null || token.Length == 0))
            {
                throw new ErrorRecordException(ErrorRecordFactory.Create(
                    new InvalidOperationException(
                        $"No Losant API token was given. Run Connect-Losant -ApiToken (Read-Host -AsSecureString), pass -ApiToken, or set the environment variable {ApiTokenVariable}."),
                    "ApiTokenMissing", ErrorCategory.AuthenticationError, null,
                    "Create an API token in the Losant dashboard and give it with Connect-Losant, -ApiToken or " + ApiTokenVariable + "."));
            }

            // The version is checked before the base URI: a typing mistake is the likelier fault.
            var apiVersion = ResolveApiVersion(given.ApiVersion, session);
            var baseUri = ResolveBaseUri(given.BaseUri, session);
            var (proxy, proxySource) = ProxyResolver.Resolve(given.Proxy, session?.Proxy, baseUri);
            var sessionConnection = session != null && identity == "session" && baseUri == session.BaseUri && apiVersion == session.ApiVersion;
            return new ResolvedConnection(
                baseUri,
                apiVersion,
                requireToken ? token : null,
                identity,
                given.MaxRetries ?? session?.MaxRetries ?? ConnectionSettings.DefaultMaxRetries,
                given.TimeoutSec ?? session?.TimeoutSec ?? ConnectionSettings.DefaultTimeoutSeconds)
            {
                SessionRatePacer = sessionConnection ? session!.RatePacer : null,
                TokenSource = requireToken ? tokenSource : ConnectionSource.SignIn,
                SignedInUser = tokenSource == ConnectionSource.SignIn ? session!.SignedInUser : null,
                Proxy = proxy,
                ProxySource = proxySource,
            };
        }

        /// <summary>The base URI alone: the command line's, the session's, LOSANT_API_URL, or the public API; refused when unsafe.</summary>
        public static Uri ResolveBaseUri(Uri? given, LosantSession? session)
        {
            var baseUri = given ?? session?.BaseUri ?? BaseUriFromEnvironment() ?? ConnectionSettings.DefaultBaseUri;
            if (!ConnectionSettings.IsSafeBaseUri(baseUri))
            {
                throw new ErrorRecordException(ErrorRecordFactory.Create(
                    new ArgumentException($"The base URI '{baseUri}' is refused: the API token may only travel over HTTPS (plain HTTP is allowed to this computer only)."),
                    "InsecureBaseUri", ErrorCategory.InvalidArgument, baseUri,
                    "Use an https:// base URI."));
            }

            return baseUri;
        }

        private static Version ResolveApiVersion(string? given, LosantSession? session)
        {
            string? text;
            if (given != null) text = given;
            else if (session != null) return session.ApiVersion;
            else
            {
                text = Environment.GetEnvironmentVariable(ApiVersionVariable);
                if (string.IsNullOrWhiteSpace(text)) return ConnectionSettings.DefaultApiVersion;
            }

            if (ConnectionSettings.TryParseApiVersion(text, out var version)) return version;
            var source = given != null ? "-ApiVersion" : "The environment variable " + ApiVersionVariable;
            throw new ErrorRecordException(ErrorRecordFactory.Create(
                new ArgumentException($"{source} holds '{text}', which is not an API version: give major.minor or major.minor.patch, such as 1.30.0."),
                "InvalidApiVersion", ErrorCategory.InvalidArgument, text,
                "Give -ApiVersion 1.30.0 for today's API, or 1.3.7 for the /access-tokens API of 2016."));
        }

        private static Uri? BaseUriFromEnvironment()
        {
            var text = Environment.GetEnvironmentVariable(BaseUriVariable);
            if (string.IsNullOrWhiteSpace(text)) return null;
            if (Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri)) return uri;
            throw new ErrorRecordException(ErrorRecordFactory.Create(
                new ArgumentException($"The environment variable {BaseUriVariable} holds '{text}', which is not an absolute URI."),
                "InvalidBaseUri", ErrorCategory.InvalidArgument, text));
        }

        private static SecureString ToSecureString(string text)
        {
            var secret = new SecureString();
            foreach (var c in text) secret.AppendChar(c);
            secret.MakeReadOnly();
            return secret;
        }
    }
}
