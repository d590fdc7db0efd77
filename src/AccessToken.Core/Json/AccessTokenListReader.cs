using System.IO;
using Losant.AccessTokens.Models;

namespace Losant.AccessTokens.Json
{
    /// <summary>Reads a list of access tokens one token at a time as the body arrives.</summary>
    internal sealed class AccessTokenListReader : ListBodyReader<AccessToken>
    {
        public AccessTokenListReader(Stream stream)
            : base(stream, AccessTokenJson.ReadToken)
        {
        }
    }
}
