using Losant.AccessTokens.Models;

namespace Losant.AccessTokens.Api
{
    /// <summary>Marks a token read from an owner's collection with that owner.</summary>
    internal static class TokenPlacement
    {
        /// <summary>Remembers whose collection the token came from, so a change is sent back to the same place.</summary>
        public static AccessToken PlaceUnder(this AccessToken token, TokenOwner owner)
        {
            if (owner.Kind == TokenOwnerKind.Application)
            {
                token.ApplicationId = owner.Id;
            }
            else if (owner.Kind == TokenOwnerKind.Instance)
            {
                token.InstanceId = owner.Id;
            }

            return token;
        }
    }
}
