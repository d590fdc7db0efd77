# Set-AccessToken under today's API (1.30), the default: the caller's tokens patched in
# /me/tokens, by id and piped from Get-AccessToken, and -WhatIf. Owners and fields have suites of
# their own; the seed's contract (API 1.3.7) is tested in Set-AccessToken.Api137.Tests.ps1.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSuite.psm1') -Force
    $script:State = Enter-TestSuite
}

AfterAll {
    Exit-TestSuite $script:State
}

Describe 'Set-AccessToken' {
    BeforeEach {
        Reset-Emulator $script:Emulator
    }

    It 'PassThru_emits_the_token_as_the_API_answered_the_PATCH_of_the_item' {
        $updated = @(Set-AccessToken -Id $UserTokens[1] -Description 'Rotated' -PassThru)

        $requests = Get-Request
        $requests.Count | Should -Be 1
        Assert-Request $requests[0] -Method PATCH -Path "/me/tokens/$($UserTokens[1])" -Bearer $script:Emulator.ApiToken -Body '{"description":"Rotated"}'
        $updated.Count | Should -Be 1
        $updated[0].Id | Should -BeExactly $UserTokens[1]
        $updated[0].Description | Should -BeExactly 'Rotated'
        (Get-EmulatorApiToken $script:Emulator -Path '/me/tokens' | Where-Object id -EQ $UserTokens[1]).description | Should -BeExactly 'Rotated'
    }

    It 'The_callers_tokens_piped_from_Get_AccessToken_are_patched_each_in_me_tokens' {
        $tokens = @(Get-AccessToken)

        $tokens | Set-AccessToken -Status Inactive

        $changes = @(Get-Request | Where-Object method -NE 'GET')
        $changes.Count | Should -Be $tokens.Count
        for ($i = 0; $i -lt $tokens.Count; $i++) {
            Assert-Request $changes[$i] -Method PATCH -Path "/me/tokens/$($tokens[$i].Id)" -Bearer $script:Emulator.ApiToken -Body '{"status":"inactive"}'
        }
        (Get-EmulatorApiToken $script:Emulator -Path '/me/tokens').status | Should -Not -Contain 'active'
    }

    It 'WhatIf_sends_nothing_emits_nothing_and_changes_nothing' {
        $before = Get-CurrentStore $script:Emulator

        $updated = @(Set-AccessToken -Id $UserTokens[0] -Status Inactive -WhatIf -PassThru)

        $updated.Count | Should -Be 0
        @(Get-Request).Count | Should -Be 0
        Get-CurrentStore $script:Emulator | Should -BeExactly $before
    }
}
