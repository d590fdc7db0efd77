using System.Globalization;
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

        /// <summary>Acts on one token; <paramref name="input"/> is what the user gave (an id or a token object).</summary>
        protected abstract void ProcessItem(string id, object input);

        /// <summary>Hands each id of <see cref="AccessTokenId"/> to <see cref="ProcessItem"/>, refusing those that are not ids.</summary>
        protected void ProcessIds()
        {
            foreach (var id in AccessTokenId)
            {
                if (LosantId.IsValid(id)) ProcessItem(id, id);
                else Reject(ErrorRecordFactory.InvalidId(id));
            }
        }

        /// <summary>How confirmation prompts, -WhatIf and errors name a token: by name when the input carries one.</summary>
        protected static string DescribeTarget(object? input) => input switch
        {
            AccessToken token when token.Name != null => $"access token '{token.Name}' ({token.Id})",
            AccessToken token => $"access token {token.Id}",
            _ => $"access token {input}",
        };

        /// <inheritdoc />
        protected override object? TargetObjectOf(object? input) => input is AccessToken token ? token.Id : input;

        /// <inheritdoc />
        protected override string? DescribeInput(object? input)
        {
            var text = DescribeTarget(input);
            return char.ToUpper(text[0], CultureInfo.InvariantCulture) + text.Substring(1);
        }
    }
}
