# Remove-AccessToken under today's API (1.30), the default: the caller's tokens deleted from
# /me/tokens, by id and piped from Get-AccessToken, and -WhatIf. Owners and answers have suites of
# their own; the seed's contract (API 1.3.7) is tested in Remove-AccessToken.Api137.Tests.ps1.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSuite.psm1') -Force
    $script:State = Enter-TestSuite

    function Get-StoredId { @((Get-EmulatorApiToken $script:Emulator -Path '/me/tokens').id) }
}

AfterAll {
    Exit-TestSuite $script:State
}

Describe 'Remove-AccessToken' {
    BeforeEach {
        Reset-Emulator $script:Emulator
    }

    It 'Force_deletes_the_item_and_the_other_tokens_stay' {
        Remove-AccessToken -Id $UserTokens[2] -Force

        $requests = Get-Request
        $requests.Count | Should -Be 1
        Assert-Request $requests[0] -Method DELETE -Path "/me/tokens/$($UserTokens[2])" -Bearer $script:Emulator.ApiToken
        @(Get-StoredId | Sort-Object) | Should -Be @($UserTokens[0], $UserTokens[1], $UserTokens[3], $UserTokens[4])
    }

    It 'The_callers_tokens_piped_from_Get_AccessToken_are_deleted_each_from_me_tokens' {
        $tokens = @(Get-AccessToken)

        $tokens | Remove-AccessToken -Force

        $changes = @(Get-Request | Where-Object method -NE 'GET')
        $changes.Count | Should -Be $UserTokens.Count
        for ($i = 0; $i -lt $tokens.Count; $i++) {
            Assert-Request $changes[$i] -Method DELETE -Path "/me/tokens/$($tokens[$i].Id)" -Bearer $script:Emulator.ApiToken
        }
        Get-StoredId | Should -BeNullOrEmpty
    }

    It 'WhatIf_sends_nothing_and_deletes_nothing' {
        Remove-AccessToken -Id $UserTokens[0] -Force -WhatIf

        @(Get-Request).Count | Should -Be 0
        @(Get-StoredId | Sort-Object) | Should -Be $UserTokens
    }
}
