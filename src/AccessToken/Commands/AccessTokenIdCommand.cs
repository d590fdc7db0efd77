using System.Management.Automation;
using Losant.AccessTokens.Api;
using Losant.AccessTokens.Completion;
using Losant.AccessTokens.Errors;
using Losant.AccessTokens.Models;

namespace Losant.AccessTokens.Commands
{
    /// <summary>
    /// The cmdlets that take access token ids: the id parameter, its check before any request,
    /// and -ThrottleLimit, declared once. Each valid id goes to <see cref="ProcessItem"/>; each
    /// invalid one becomes an InvalidAccessTokenId error in its place among the results.
    /// </summary>
    public abstract class AccessTokenIdCommand : LosantApiCommand
    {
        /// <summary>The parameter set of id input.</summary>
        protected const string ByIdSet = "ById";

        /// <summary>The ids of the tokens: 24 hexadecimal characters each. Accepts strings and objects with an Id property from the pipeline.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByIdSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(AccessTokenCompleter))]
        public string[] AccessTokenId { get; set; } = null!;

        /// <summary>How many requests may be in flight at once for pipeline input; 1 (the default) sends them one after another. Output keeps the input order.</summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = 1;

        /// <inheritdoc />
        protected override int Concurrency => ThrottleLimit;

        /// <summary>Acts on one token: <paramref name="token"/> is the token object that was piped, null when an id was given.</summary>
        private protected abstract void ProcessItem(string id, AccessToken? token);

        /// <summary>Hands each id of <see cref="AccessTokenId"/> to <see cref="ProcessItem"/>, refusing those that are not ids.</summary>
        protected void ProcessIds()
        {
            foreach (var id in AccessTokenId)
            {
                if (LosantId.IsValid(id)) ProcessItem(id, null);
                else Reject(ErrorRecordFactory.InvalidId(id));
            }
        }
    }
}
