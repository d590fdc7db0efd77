using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Losant.AccessTokens.Api;
using Losant.AccessTokens.Models;

namespace Losant.AccessTokens.Commands
{
    /// <summary>What kind of request an input of an API cmdlet makes.</summary>
    internal enum TokenInputKind
    {
        /// <summary>Reads, changes or deletes one token, given by id or as a token object.</summary>
        Token,

        /// <summary>Creates a token under the given name.</summary>
        NewToken,

        /// <summary>Lists the tokens of an owner (or, without one, the applications whose tokens to list).</summary>
        Listing,

        /// <summary>Lists the tokens of one application, for -AllApplications.</summary>
        ApplicationListing,
    }

    /// <summary>
    /// One input of an API cmdlet, from the cmdlet through its request to its output or error:
    /// what the user gave, whose tokens it is about, the request to send for it, and how its error
    /// names it.
    /// </summary>
    /// <remarks>
    /// The request is the cmdlet's, made once per invocation and handed the input, so that an
    /// input costs this object and nothing more on its way: a piped get allocates no more than
    /// the request itself needs.
    /// </remarks>
    internal sealed class TokenInput
    {
        private readonly bool _namesOwner;
        private readonly Func<TokenInput, CancellationToken, Task>? _send;

        private TokenInput(TokenInputKind kind, object? given, TokenOwner? owner, bool namesOwner, Func<TokenInput, CancellationToken, Task>? send)
        {
            Kind = kind;
            Given = given;
            Owner = owner;
            _namesOwner = namesOwner;
            _send = send;
        }

        /// <summary>What kind of request the input makes.</summary>
        public TokenInputKind Kind { get; }

        /// <summary>What the user gave: an id, a token object, a new token's name, the names listed, or an application.</summary>
        public object? Given { get; }

        /// <summary>Whose tokens the request is about; null for the listing of applications.</summary>
        public TokenOwner? Owner { get; }

        /// <summary>The id of the token an input of <see cref="TokenInputKind.Token"/> is about.</summary>
        public string TokenId => Given is AccessToken token ? token.Id : (string)Given!;

        /// <summary>The new token's fields, for an input of <see cref="TokenInputKind.NewToken"/>.</summary>
        public AccessTokenPost NewToken => (AccessTokenPost)Given!;

        /// <summary>The application whose tokens an input of <see cref="TokenInputKind.ApplicationListing"/> lists.</summary>
        public Application Application => (Application)Given!;

        /// <summary>The ErrorRecord's TargetObject: the id of a token or application, a new token's name, else what was given.</summary>
        public object? Target => Given switch
        {
            AccessToken token => token.Id,
            Application application => application.Id,
            AccessTokenPost post => post.Name,
            _ => Given,
        };

        /// <summary>
        /// The owner whose collection of tokens the request addressed (a listing or a creation), so
        /// that a 404 there names the missing application or instance; null when it addressed one token.
        /// </summary>
        public TokenOwner? CollectionOwner => Kind == TokenInputKind.Token ? null : Owner;

        /// <summary>
        /// How an error's message names the input, e.g. "Access token 5a…01"; among piped inputs of
        /// several owners it names the application or instance too, so a 404 says which.
        /// </summary>
        public string Subject
        {
            get
            {
                var subject = Kind switch
                {
                    TokenInputKind.NewToken => $"New access token '{NewToken.Name}'",
                    TokenInputKind.Listing => "Listing access tokens",
                    TokenInputKind.ApplicationListing => $"Listing the tokens of application '{Application.Name}' ({Application.Id})",
                    _ => Capitalized(Describe(Given)),
                };
                return _namesOwner && Owner != null && Owner.Kind != TokenOwnerKind.Caller ? subject + " of " + Owner : subject;
            }
        }

        /// <summary>Sends the input's request.</summary>
        public Task SendAsync(CancellationToken cancellation) =>
            (_send ?? throw new InvalidOperationException("This input is read on the pipeline thread, not sent as a request."))(this, cancellation);

        /// <summary>
        /// One token, by <paramref name="given"/> (its id, or the token object that was piped).
        /// <paramref name="namesOwner"/>: whether the error's message names the owner.
        /// </summary>
        public static TokenInput OfToken(object given, TokenOwner owner, bool namesOwner, Func<TokenInput, CancellationToken, Task> send) =>
            new TokenInput(TokenInputKind.Token, given, owner, namesOwner, send);

        /// <summary>A new token with the fields of <paramref name="post"/> for <paramref name="owner"/>.</summary>
        public static TokenInput OfNewToken(AccessTokenPost post, TokenOwner owner, Func<TokenInput, CancellationToken, Task> send) =>
            new TokenInput(TokenInputKind.NewToken, post, owner, namesOwner: true, send);

        /// <summary>The listing of <paramref name="owner"/>'s tokens (null: of the applications) for the names given, read on the pipeline thread.</summary>
        public static TokenInput OfListing(string[]? names, TokenOwner? owner) => new TokenInput(TokenInputKind.Listing, names, owner, namesOwner: false, send: null);

        /// <summary>The listing of one application's tokens.</summary>
        public static TokenInput OfApplication(Application application, Func<TokenInput, CancellationToken, Task> send) =>
            new TokenInput(TokenInputKind.ApplicationListing, application, TokenOwner.Application(application.Id), namesOwner: false, send);

        /// <summary>How confirmation prompts, -WhatIf and errors name a token: by name when the input carries one.</summary>
        public static string Describe(object? given) => given switch
        {
            AccessToken token when token.Name != null => $"access token '{token.Name}' ({token.Id})",
            AccessToken token => $"access token {token.Id}",
            _ => $"access token {given}",
        };

        private static string Capitalized(string text) => char.ToUpper(text[0], CultureInfo.InvariantCulture) + text.Substring(1);
    }
}
