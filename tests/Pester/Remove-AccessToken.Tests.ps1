# Remove-AccessToken under today's API (1.30), the default: the caller's tokens deleted from
# /me/tokens, by id and piped from Get-AccessToken, -WhatIf, and what the API answers a DELETE.
# Owners have a suite of their own; the seed's contract (API 1.3.7) is tested in
# Remove-AccessToken.Api137.Tests.ps1.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSuite.psm1') -Force
    $script:State = Enter-TestSuite
    $script:App = Get-EmulatorSeedId 1 -Kind Application
    $script:AppToken = Get-EmulatorSeedId 1 -Kind ApplicationToken

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
        @(Get-StoredId '/me/tokens' | Sort-Object) | Should -Be @($UserTokens[0], $UserTokens[1], $UserTokens[3], $UserTokens[4])
    }

    It 'The_callers_tokens_piped_from_Get_AccessToken_are_deleted_each_from_me_tokens' {
        $tokens = @(Get-AccessToken)

        $tokens | Remove-AccessToken -Force

        $changes = @(Get-Request | Where-Object method -NE 'GET')
        $changes.Count | Should -Be $UserTokens.Count
        for ($i = 0; $i -lt $tokens.Count; $i++) {
            Assert-Request $changes[$i] -Method DELETE -Path "/me/tokens/$($tokens[$i].Id)" -Bearer $script:Emulator.ApiToken
        }
        Get-StoredId '/me/tokens' | Should -BeNullOrEmpty
    }

    It 'WhatIf_sends_nothing_and_deletes_nothing' {
        Remove-AccessToken -Id $UserTokens[0] -Force -WhatIf

        @(Get-Request).Count | Should -Be 0
        @(Get-StoredId '/me/tokens' | Sort-Object) | Should -Be $UserTokens
    }
}

Describe 'What the API answers' {
    BeforeEach { Reset-Emulator $script:Emulator }

    It 'DELETE_answers_200_with_success_true_and_Remove_AccessToken_emits_nothing' {
        $path = "/applications/$($script:App)/tokens/$($script:AppToken)"

        $all = @(Remove-AccessToken -Id $script:AppToken -ApplicationId $script:App -Force @Connection -Verbose -ErrorVariable failures 4>&1)

        $failures.Count | Should -Be 0
        @($all | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }).Count | Should -Be 0
        @($all.Message -match "^DELETE \S+$([regex]::Escape($path))\?\S+ -> 200 OK in \d+ ms$").Count | Should -Be 1
        (Get-EmulatorApiToken $script:Emulator -Path "/applications/$($script:App)/tokens").id | Should -Not -Contain $script:AppToken
    }

    It 'A_DELETE_answer_that_is_not_success_true_is_InvalidResponse' {
        # The contrast to the test above: the answer's body is read, not only its status.
        Set-EmulatorFault $script:Emulator @{ method = 'DELETE'; kind = 'wrongShape' }

        Remove-AccessToken -Id $script:AppToken -ApplicationId $script:App -Force @Connection -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeExactly 'InvalidResponse,Losant.AccessTokens.Commands.RemoveAccessTokenCommand'
        $failures[0].TargetObject | Should -BeExactly $script:AppToken
    }
}
