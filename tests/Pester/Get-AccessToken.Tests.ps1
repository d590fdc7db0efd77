# Get-AccessToken under today's API (1.30), the default: the caller's tokens listed from
# /me/tokens page by page, tokens got by id from parameters and the pipeline, and the requests on
# the wire. Applications, instances, paging and filters have suites of their own; the seed's
# contract (API 1.3.7) is tested in Get-AccessToken.Api137.Tests.ps1.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSuite.psm1') -Force
    $script:State = Enter-TestSuite
}

AfterAll {
    Exit-TestSuite $script:State
}

Describe 'Get-AccessToken' {
    BeforeEach {
        Reset-Emulator $script:Emulator
    }

    It 'Without_an_id_lists_every_one_of_the_callers_tokens_with_one_GET_of_the_first_page' {
        $tokens = @(Get-AccessToken)

        @($tokens.Id | Sort-Object) | Should -Be $UserTokens
        $requests = Get-Request
        $requests.Count | Should -Be 1
        Assert-Request $requests[0] -Method GET -Path '/me/tokens' -Query $FirstPageQuery -Bearer $script:Emulator.ApiToken
    }

    It 'The_id_is_positional_and_fetched_with_one_GET_of_the_item' {
        $token = Get-AccessToken $UserTokens[1]

        $token.Id | Should -BeExactly $UserTokens[1]
        $requests = Get-Request
        $requests.Count | Should -Be 1
        Assert-Request $requests[0] -Method GET -Path "/me/tokens/$($UserTokens[1])" -Bearer $script:Emulator.ApiToken
    }

    It 'Several_ids_are_fetched_in_the_order_given' {
        $tokens = @(Get-AccessToken -Id $UserTokens[2], $UserTokens[0])

        $tokens.Id | Should -Be @($UserTokens[2], $UserTokens[0])
        (Get-Request).path | Should -Be @("/me/tokens/$($UserTokens[2])", "/me/tokens/$($UserTokens[0])")
    }

    It 'Strings_and_objects_with_an_Id_from_the_pipeline_are_fetched_by_their_id' {
        $tokens = @($UserTokens[3], [pscustomobject]@{ Id = $UserTokens[4] } | Get-AccessToken)

        $tokens.Id | Should -Be @($UserTokens[3], $UserTokens[4])
        (Get-Request).path | Should -Be @("/me/tokens/$($UserTokens[3])", "/me/tokens/$($UserTokens[4])")
    }

    It 'An_invalid_id_is_refused_before_any_request' {
        $tokens = @(Get-AccessToken -Id 'not-an-id' -ErrorVariable failures -ErrorAction SilentlyContinue)

        $tokens.Count | Should -Be 0
        Assert-Refused $failures -ErrorId InvalidAccessTokenId -Cmdlet Get-AccessToken -Target 'not-an-id'
        @(Get-Request).Count | Should -Be 0
    }
}
