using System;
using System.Management.Automation;

namespace Losant.AccessTokens.Completion
{
    /// <summary>
    /// How the completers of ids pick what to offer for the word typed so far: an id starting with
    /// it, or a name starting with it (picking by name is what people remember), offered by id.
    /// </summary>
    internal sealed class IdOrNameMatch
    {
        private readonly string _word;
        private readonly WildcardPattern _namePrefix;

        public IdOrNameMatch(string word)
        {
            _word = word;
            _namePrefix = WildcardPattern.Get(word + "*", WildcardOptions.IgnoreCase);
        }

        /// <summary>Whether <paramref name="name"/> starts with the word, as a wildcard pattern; never a null name.</summary>
        public bool NameMatches(string? name) => name != null && _namePrefix.IsMatch(name);

        /// <summary>Whether the item is offered: its id starts with the word, or (once something is typed) its name does.</summary>
        public bool Matches(string id, string? name) =>
            id.StartsWith(_word, StringComparison.OrdinalIgnoreCase) || (_word.Length > 0 && NameMatches(name));

        /// <summary>The id to insert, listed with its name beside it.</summary>
        public static CompletionResult Offer(string id, string? name, string toolTip) =>
            new CompletionResult(id, name == null ? id : id + " (" + name + ")", CompletionResultType.ParameterValue, toolTip);
    }
}
