using System;
using System.Management.Automation;
using System.Security;
using System.Threading;
using Losant.AccessTokens.Api;
using Losant.AccessTokens.Completion;
using Losant.AccessTokens.Connection;
using Losant.AccessTokens.Errors;

namespace Losant.AccessTokens.Commands
{
    /// <summary>The Connect-Losant cmdlet. What it does for the user, its synopsis included, is written once: in module/help/Connect-Losant.md.</summary>
    [Cmdlet(VerbsCommunications.Connect, "Losant", DefaultParameterSetName = ApiTokenSet)]
    [OutputType(typeof(LosantConnection))]
    public sealed class ConnectLosantCommand : LosantConnectionCommand, IDisposable
    {
        private const string ApiTokenSet = "ApiToken";
        private const string CredentialSet = "Credential";

        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();

        /// <summary>The Losant API token, e.g. from Read-Host -AsSecureString or a secret vault.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ApiTokenSet)]
        [ValidateNotNull]
        public SecureString ApiToken { get; set; } = null!;

        /// <summary>The email address and password of a Losant user, to sign in with instead of an API token (API 1.5 and later).</summary>
        [Parameter(Mandatory = true, ParameterSetName = CredentialSet)]
        [ValidateNotNull]
        [Credential]
        public PSCredential Credential { get; set; } = null!;

        /// <summary>The current code of the user's two-factor authentication, when the account has it turned on.</summary>
        [Parameter(ParameterSetName = CredentialSet)]
        [ValidateNotNullOrEmpty]
        public string? TwoFactorCode { get; set; }

        /// <summary>Emits the connection the session's calls use, as Get-LosantConnection shows it (never the token).</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <inheritdoc />
        protected override void EndProcessing()
        {
            var signIn = ParameterSetName == CredentialSet;
            if (!signIn && ApiToken.Length == 0)
            {
                ThrowTerminatingError(ErrorRecordFactory.Create(new ArgumentException("The API token is empty."),
                    "ApiTokenMissing", ErrorCategory.InvalidArgument, null));
            }

            // The session being replaced is not a source: a new connection starts from this command line.
            ResolvedConnection connection;
            try
            {
                connection = signIn
                    ? ConnectionResolver.ResolveForSignIn(GivenConnection(null))
                    : ConnectionResolver.Resolve(GivenConnection(ApiToken), session: null);
            }
            catch (ErrorRecordException refused)
            {
                ThrowTerminatingError(refused.Record);
                return;
            }

            SecureString token;
            if (signIn)
            {
                token = SignIn(connection);
            }
            else
            {
                token = ApiToken.Copy();
                token.MakeReadOnly();
            }

            var given = GivenConnection(null);
            LosantSession.Current = new LosantSession(connection.BaseUri, connection.ApiVersion, token, given.MaxRetries, given.TimeoutSec,
                given.Proxy, signIn ? Credential.UserName : null);
            AccessTokenCompleter.ClearCache();
            WriteVerbose($"Connected to {connection.BaseUri} (API {connection.ApiVersion.ToString(3)})"
                + (connection.Proxy.ProxyFor(connection.BaseUri) is string proxy ? $" through the proxy {proxy}." : "."));
            if (!PassThru) return;

            // What a call of the session uses from now on, as Get-LosantConnection shows it.
            WriteObject(new LosantConnection(ConnectionResolver.Resolve(new ConnectionOverrides(), LosantSession.Current)));
        }

        /// <inheritdoc />
        protected override void StopProcessing() => _stopping.Cancel();

        /// <summary>Ends a sign-in still waiting for its answer.</summary>
        public void Dispose()
        {
            _stopping.Cancel();
            _stopping.Dispose();
        }

        private SecureString SignIn(ResolvedConnection connection)
        {
            var email = Credential.UserName;
            if (connection.Contract == TokenContract.AccessTokens)
            {
                ThrowTerminatingError(ErrorRecordFactory.Create(
                    new NotSupportedException($"Signing in with a password needs API 1.5 or later; this connection asks for API {connection.ApiVersion.ToString(3)}."),
                    "SignInNotSupported", ErrorCategory.InvalidOperation, email,
                    "Sign in without -ApiVersion (today's API), or connect with -ApiToken."));
            }

            var client = new AccessTokenClient(connection.ToSignInSettings());
            try
            {
                return client.SignInAsync(email, Credential.Password, TwoFactorCode, _stopping.Token).GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            catch (ApiException failure)
            {
                var record = ErrorRecordFactory.FromSignInFailure(failure, email, TwoFactorCode != null);
                ThrowTerminatingError(record);
                throw;
            }
        }
    }
}
