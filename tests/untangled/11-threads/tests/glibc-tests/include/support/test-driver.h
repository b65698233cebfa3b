/* Nothing: test-driver.c is the whole driver. */
