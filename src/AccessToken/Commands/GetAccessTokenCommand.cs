using System.Collections.Generic;
using System.Management.Automation;
using System.Threading.Tasks;
using Losant.AccessTokens.Api;
using Losant.AccessTokens.Completion;
using Losant.AccessTokens.Errors;
using Losant.AccessTokens.Models;

namespace Losant.AccessTokens.Commands
{
    /// <summary>
    /// <para type="synopsis">Gets Losant API access tokens: all of them, those whose name matches, or by id.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "AccessToken", DefaultParameterSetName = ListSet)]
    [OutputType(typeof(AccessToken))]
    public sealed class GetAccessTokenCommand : AccessTokenIdCommand
    {
        private const string ListSet = "List";

        private List<WildcardPattern>? _namePatterns;
        private HashSet<string>? _namesSeen;

        /// <summary>Gets only the tokens whose name matches; wildcards are allowed.</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(AccessTokenCompleter))]
        public string[]? Name { get; set; }

        /// <inheritdoc />
        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            if (Name == null) return;
            _namePatterns = new List<WildcardPattern>();
            foreach (var name in Name) _namePatterns.Add(WildcardPattern.Get(name, WildcardOptions.IgnoreCase));
            _namesSeen = new HashSet<string>();
        }

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            if (ParameterSetName == ListSet)
            {
                List();
                return;
            }

            ProcessIds();
        }

        /// <inheritdoc />
        protected override void ProcessItem(string id, object input)
        {
            var flags = Flags;
            Run(input, cancel => Client.GetAsync(id, flags, cancel));
        }

        /// <inheritdoc />
        protected override void WriteResult(object? input, Task completed) => WriteObject(ResultOf<AccessToken>(completed));

        /// <inheritdoc />
        protected override string? DescribeInput(object? input) =>
            ParameterSetName == ListSet ? "Listing access tokens" : base.DescribeInput(input);

        /// <inheritdoc />
        protected override void EndProcessing()
        {
            base.EndProcessing();
            if (Name == null || _namesSeen == null) return;
            foreach (var name in Name)
            {
                // As with Get-Process -Name: a name without wildcards that matched nothing is an error.
                if (WildcardPattern.ContainsWildcardCharacters(name) || _namesSeen.Contains(name)) continue;
                WriteError(ErrorRecordFactory.Create(
                    new ItemNotFoundException($"No access token is named '{name}'."),
                    "AccessTokenNotFound", ErrorCategory.ObjectNotFound, name,
                    "Run Get-AccessToken without -Name to see every token's name."));
            }
        }

        private void List()
        {
            try
            {
                using var stream = Await(Client.ListAsync(Flags, Cancellation));
                AccessToken? token;
                while ((token = Await(stream.ReadNextAsync(Cancellation))) != null)
                {
                    if (Matches(token)) WriteObject(token);
                }
            }
            catch (PipelineStoppedException)
            {
                throw;
            }
            catch (System.Exception e)
            {
                WriteFailure(Name, e);
            }
        }

        private bool Matches(AccessToken token)
        {
            if (_namePatterns == null) return true;
            var name = token.Name ?? string.Empty;
            var matched = false;
            for (var i = 0; i < _namePatterns.Count; i++)
            {
                if (!_namePatterns[i].IsMatch(name)) continue;
                _namesSeen!.Add(Name![i]);
                matched = true;
            }

            return matched;
        }
    }
}
